using Platform.Identity.Spiffe;

namespace Platform.Identity.Signing;

/// <summary>What to certify: the SPIFFE ID, extra DNS names, the subject key and the wanted lifetime.</summary>
internal sealed record SvidRequest(SpiffeId Id, IReadOnlyList<string> DnsNames, SubjectPublicKey PublicKey, RequestKeyType KeyType, TimeSpan Ttl);
