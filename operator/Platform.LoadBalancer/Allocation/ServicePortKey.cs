namespace Platform.LoadBalancer.Allocation;

/// <summary>A (protocol, port) pair of a Service; two Services sharing an address may not both use one.</summary>
public readonly record struct ServicePortKey(string Protocol, int Port)
{
    /// <inheritdoc />
    public override string ToString() => $"{Protocol}/{Port}";
}
