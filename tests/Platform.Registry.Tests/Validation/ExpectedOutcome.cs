namespace Platform.Registry.Tests.Validation;

/// <summary>The three outcome classes of Istio's validation table.</summary>
public enum ExpectedOutcome
{
    /// <summary>No errors and no warnings.</summary>
    Valid,

    /// <summary>Accepted, with at least one warning.</summary>
    ValidWithWarning,

    /// <summary>Rejected.</summary>
    Invalid,
}
