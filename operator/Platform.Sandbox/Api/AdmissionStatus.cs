namespace Platform.Sandbox.Api;

/// <summary>The Status a denied request is answered with (code, reason, message).</summary>
public sealed record AdmissionStatus(int Code, string Reason, string Message);
