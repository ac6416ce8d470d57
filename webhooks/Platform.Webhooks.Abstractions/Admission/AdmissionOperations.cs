namespace Platform.Webhooks.Abstractions.Admission;

/// <summary>The operation names of admission.k8s.io/v1.</summary>
public static class AdmissionOperations
{
    public const string Create = "CREATE";
    public const string Update = "UPDATE";
    public const string Delete = "DELETE";
    public const string Connect = "CONNECT";
}
