namespace Platform.Crds.Istio;

/// <summary>The values of <c>spec.resolution</c>, spelled as upstream serializes them.</summary>
public static class ServiceEntryResolution
{
    /// <summary>Forward to the original destination IP (the default when unset).</summary>
    public const string None = "NONE";

    /// <summary>Use the endpoint IPs.</summary>
    public const string Static = "STATIC";

    /// <summary>Resolve endpoint addresses (or the host) asynchronously, using every IP.</summary>
    public const string Dns = "DNS";

    /// <summary>Resolve asynchronously and use only the first IP per new connection.</summary>
    public const string DnsRoundRobin = "DNS_ROUND_ROBIN";

    /// <summary>Resolve the Host header / SNI at request time; wildcard hosts only.</summary>
    public const string DynamicDns = "DYNAMIC_DNS";
}
