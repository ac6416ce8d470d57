using System.Net;

namespace Platform.Sandbox.Schema.Cel;

/// <summary>The value <c>cidr('...')</c> returns in CEL: a network address with its prefix length.</summary>
internal sealed record CelCidr(IPAddress Address, int PrefixLength)
{
    public bool Contains(IPAddress ip) => new IPNetwork(Address, PrefixLength).Contains(ip);

    public override string ToString() => $"{Address}/{PrefixLength}";
}
