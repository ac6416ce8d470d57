using Platform.Identity.Spiffe;

namespace Platform.Identity.Svid;

/// <summary>Outcome of verifying an X509-SVID: the caller's SPIFFE ID, or why it is not trusted.</summary>
public sealed class SvidVerificationResult
{
    private SvidVerificationResult(SpiffeId? id, string? error)
    {
        Id = id;
        Error = error;
    }

    /// <summary>The verified SPIFFE ID; null when verification failed.</summary>
    public SpiffeId? Id { get; }

    /// <summary>Why verification failed; null on success.</summary>
    public string? Error { get; }

    /// <summary>True when the SVID verified.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Id))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Id is not null;

    internal static SvidVerificationResult Success(SpiffeId id) => new(id, null);

    internal static SvidVerificationResult Failure(string error) => new(null, error);
}
