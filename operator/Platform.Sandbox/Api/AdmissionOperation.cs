namespace Platform.Sandbox.Api;

/// <summary>The admission operation, as in <c>AdmissionRequest.operation</c>.</summary>
public enum AdmissionOperation
{
    Create,
    Update,
    Delete,
    Connect,
}
