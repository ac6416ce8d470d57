namespace Platform.Identity.PodCertificates;

/// <summary>What the signer decided for a PodCertificateRequest.</summary>
internal enum PodCertificateOutcome
{
    /// <summary>Not ours (other signerName) or already decided: leave it alone.</summary>
    Ignored,

    /// <summary>Signed: write the status.</summary>
    Issued,

    /// <summary>Refused: write the Denied condition.</summary>
    Denied,

    /// <summary>Could not sign: write the Failed condition.</summary>
    Failed,
}
