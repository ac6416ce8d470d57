namespace Platform.LoadBalancer.Addressing;

/// <summary>An IP address family.</summary>
public enum IpFamily
{
    /// <summary>32-bit addresses.</summary>
    IPv4,

    /// <summary>128-bit addresses.</summary>
    IPv6,
}
