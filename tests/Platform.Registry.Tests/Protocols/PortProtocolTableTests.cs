using Platform.Registry.Protocols;

namespace Platform.Registry.Tests.Protocols;

public sealed class PortProtocolTableTests
{
    [Theory]
    [InlineData("TCP", "Tcp")]
    [InlineData("udp", "Udp")]
    [InlineData("gRPC", "Grpc")]
    [InlineData("GRPC-Web", "GrpcWeb")]
    [InlineData("http", "Http")]
    [InlineData("HTTP_PROXY", "HttpProxy")]
    [InlineData("Http2", "Http2")]
    [InlineData("HTTPS", "Https")]
    [InlineData("tls", "Tls")]
    [InlineData("MONGO", "Mongo")]
    [InlineData("Redis", "Redis")]
    [InlineData("MySQL", "MySql")]
    [InlineData("", "Unsupported")]
    [InlineData(null, "Unsupported")]
    [InlineData("DoubleHBONE", "Unsupported")]
    [InlineData("http3", "Unsupported")]
    public void Parses_case_insensitively(string? name, string expected) => Assert.Equal(expected, PortProtocolTable.Parse(name).ToString());

    [Fact]
    public void Classifies_like_Istio()
    {
        PortProtocol[] http = [PortProtocol.Http, PortProtocol.Http2, PortProtocol.HttpProxy, PortProtocol.Grpc, PortProtocol.GrpcWeb];
        PortProtocol[] tcp = [PortProtocol.Tcp, PortProtocol.Https, PortProtocol.Tls, PortProtocol.Mongo, PortProtocol.Redis, PortProtocol.MySql];
        PortProtocol[] tls = [PortProtocol.Https, PortProtocol.Tls];
        PortProtocol[] dynamicDns = [PortProtocol.Http, PortProtocol.Tls, PortProtocol.Grpc, PortProtocol.Http2];

        foreach (var protocol in Enum.GetValues<PortProtocol>())
        {
            Assert.Equal(http.Contains(protocol), PortProtocolTable.IsHttp(protocol));
            Assert.Equal(tcp.Contains(protocol), PortProtocolTable.IsTcp(protocol));
            Assert.Equal(tls.Contains(protocol), PortProtocolTable.IsTls(protocol));
            Assert.Equal(dynamicDns.Contains(protocol), PortProtocolTable.IsDynamicDnsCapable(protocol));
        }
    }
}
