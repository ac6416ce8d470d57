namespace Platform.Sandbox.Api;

/// <summary>The authenticated requester (<c>AdmissionRequest.userInfo</c>).</summary>
public sealed record AdmissionUserInfo(string Username, string Uid, IReadOnlyList<string> Groups);
