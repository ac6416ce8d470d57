namespace Platform.Registry.Protocols;

/// <summary>Parses protocol names case-insensitively and classifies them the way Istio's <c>protocol</c> package does.</summary>
internal static class PortProtocolTable
{
    /// <summary>Parses a protocol name ignoring case; unknown and empty names are <see cref="PortProtocol.Unsupported"/>.</summary>
    public static PortProtocol Parse(string? name) => name?.ToLowerInvariant() switch
    {
        "tcp" => PortProtocol.Tcp,
        "udp" => PortProtocol.Udp,
        "grpc" => PortProtocol.Grpc,
        "grpc-web" => PortProtocol.GrpcWeb,
        "http" => PortProtocol.Http,
        "http_proxy" => PortProtocol.HttpProxy,
        "http2" => PortProtocol.Http2,
        "https" => PortProtocol.Https,
        "tls" => PortProtocol.Tls,
        "mongo" => PortProtocol.Mongo,
        "redis" => PortProtocol.Redis,
        "mysql" => PortProtocol.MySql,
        _ => PortProtocol.Unsupported,
    };

    /// <summary>Protocols carried over HTTP (routable by Host / :authority).</summary>
    public static bool IsHttp(PortProtocol protocol) =>
        protocol is PortProtocol.Http or PortProtocol.Http2 or PortProtocol.HttpProxy or PortProtocol.Grpc or PortProtocol.GrpcWeb;

    /// <summary>Protocols carried over TLS (routable by SNI).</summary>
    public static bool IsTls(PortProtocol protocol) => protocol is PortProtocol.Https or PortProtocol.Tls;

    /// <summary>Protocols Istio treats as opaque TCP for listener purposes.</summary>
    public static bool IsTcp(PortProtocol protocol) =>
        protocol is PortProtocol.Tcp or PortProtocol.Https or PortProtocol.Tls or PortProtocol.Mongo or PortProtocol.Redis or PortProtocol.MySql;

    /// <summary>Protocols DYNAMIC_DNS can resolve at request time (the name comes from Host or SNI).</summary>
    public static bool IsDynamicDnsCapable(PortProtocol protocol) =>
        protocol is PortProtocol.Http or PortProtocol.Tls or PortProtocol.Grpc or PortProtocol.Http2;
}
