namespace Platform.LoadBalancer.Allocation;

/// <summary>A Service's namespace/name with its hash computed once: it picks the shard and the bucket.</summary>
internal readonly struct ServiceKey(string name) : IEquatable<ServiceKey>
{
    public string Name { get; } = name;

    public int Hash { get; } = StringComparer.Ordinal.GetHashCode(name);

    public bool Equals(ServiceKey other) => Hash == other.Hash && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ServiceKey other && Equals(other);

    public override int GetHashCode() => Hash;
}
