namespace Platform.Identity.CertificateSigningRequests;

/// <summary>
/// Decision for a CertificateSigningRequest: ignored, denied (with reason), or approved with the PEM chain
/// for status.certificate. <see cref="Approved"/> and <see cref="Denied"/> are the condition types to write.
/// </summary>
internal sealed record CsrDecision(bool Ignored, bool Approved, string Reason, string Message, byte[]? CertificatePem)
{
    public const string ApprovedType = "Approved";
    public const string DeniedType = "Denied";
    public const string FailedType = "Failed";

    public bool Denied => !Ignored && !Approved;

    /// <summary>The condition to add: Approved, Denied, or Failed when signing itself failed; null when ignored.</summary>
    public string? ConditionType => Ignored ? null : Approved ? ApprovedType : Reason == "SigningFailed" ? FailedType : DeniedType;
}
