namespace Platform.Registry.Protocols;

/// <summary>The protocols a ServiceEntry port may declare (Istio's <c>protocol.Instance</c>).</summary>
internal enum PortProtocol
{
    /// <summary>Anything Istio does not recognise, including the empty string.</summary>
    Unsupported,

    /// <summary>TCP.</summary>
    Tcp,

    /// <summary>UDP.</summary>
    Udp,

    /// <summary>gRPC.</summary>
    Grpc,

    /// <summary>gRPC-Web.</summary>
    GrpcWeb,

    /// <summary>HTTP/1.1.</summary>
    Http,

    /// <summary>A generic outbound HTTP proxy port.</summary>
    HttpProxy,

    /// <summary>HTTP/2.</summary>
    Http2,

    /// <summary>HTTPS.</summary>
    Https,

    /// <summary>TLS routed by SNI.</summary>
    Tls,

    /// <summary>MongoDB.</summary>
    Mongo,

    /// <summary>Redis.</summary>
    Redis,

    /// <summary>MySQL.</summary>
    MySql,
}
