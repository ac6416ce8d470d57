using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests.Protobuf;

/// <summary>
/// Protobuf request bodies (what kubectl's typed generators send): decoded into the JSON a client would have
/// sent for the same Go object, and refused with 415 whenever decoding would have to drop data.
/// </summary>
public sealed class ProtobufBodyTests : IClassFixture<SandboxHost>
{
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
    private readonly SandboxHost _host;

    public ProtobufBodyTests(SandboxHost host) => _host = host;

    private async Task<(int Code, JsonObject Body)> PostProtobufAsync(string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.kubernetes.protobuf");
        using var response = await _host.Http.PostAsync(path, content);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static byte[] Deployment(string name, Action<ProtoWriter>? podSpecExtra = null, Action<ProtoWriter>? containerExtra = null) =>
        ProtoWriter.Envelope("apps/v1", "Deployment", d => d
            .Message(1, ProtoWriter.Meta(name, ("app", name)))
            .Message(2, spec => spec
                .Varint(1, 0)
                .Message(2, s => s.Entry(1, "app", name))
                .Message(3, template => template
                    .Message(1, ProtoWriter.Meta("", ("app", name)))
                    .Message(2, pod =>
                    {
                        pod.Message(2, c =>
                        {
                            c.String(1, "web").String(2, "nginx:1.27").String(5, "")
                                .Message(6, p => p.String(1, "").Varint(2, 0).Varint(3, 8080).String(4, "TCP").String(5, ""))
                                .Message(7, e => e.String(1, "EMPTY").String(2, ""))
                                .Message(8, r => r
                                    .Message(1, l => l.String(1, "cpu").Message(2, q => q.String(1, "500m")))
                                    .Message(2, l => l.String(1, "memory").Message(2, q => q.String(1, "64Mi"))))
                                .String(13, "").String(14, "").Varint(16, 0).Varint(17, 0).Varint(18, 0).String(20, "");
                            containerExtra?.Invoke(c);
                        });
                        pod.String(3, "").Varint(4, 0).String(6, "").Varint(11, 0).Varint(25, -5);
                        podSpecExtra?.Invoke(pod);
                    }))
                .Message(4, strategy => strategy
                    .String(1, "RollingUpdate")
                    .Message(2, r => r
                        .Message(1, v => v.Varint(1, 0).Varint(2, 1).String(3, ""))
                        .Message(2, v => v.Varint(1, 1).Varint(2, 0).String(3, "25%"))))
                .Varint(5, 0)
                .Varint(7, 0))
            .Message(3, status => status.Varint(1, 0).Varint(2, 0)));

    [Fact]
    public async Task A_deployment_keeps_pointer_zeros_and_leaves_out_unset_non_pointer_fields()
    {
        var (code, created) = await PostProtobufAsync(Deployments, Deployment("pb-web"));

        Assert.True(code == 201, created.ToJsonString());
        var spec = created["spec"]!;
        Assert.Equal(0, spec["replicas"]!.GetValue<int>());
        Assert.Null(spec["minReadySeconds"]);
        Assert.Null(spec["paused"]);
        Assert.Equal("pb-web", Objects.Str(spec["selector"]!["matchLabels"]!["app"]));
        Assert.Equal("pb-web", Objects.Str(created["metadata"]!["labels"]!["app"]));
        var pod = spec["template"]!["spec"]!;
        Assert.Equal(0, pod["terminationGracePeriodSeconds"]!.GetValue<long>());
        Assert.Equal(-5, pod["priority"]!.GetValue<int>());
        Assert.Null(pod["hostNetwork"]);
        var container = pod["containers"]![0]!;
        Assert.Equal("{\"containerPort\":8080,\"protocol\":\"TCP\"}", container["ports"]![0]!.ToJsonString());
        Assert.Equal("{\"name\":\"EMPTY\"}", container["env"]![0]!.ToJsonString());
        Assert.Equal("500m", Objects.Str(container["resources"]!["limits"]!["cpu"]));
        Assert.Equal("64Mi", Objects.Str(container["resources"]!["requests"]!["memory"]));
        Assert.Null(container["stdin"]);
        Assert.Equal(1, spec["strategy"]!["rollingUpdate"]!["maxUnavailable"]!.GetValue<int>());
        Assert.Equal("25%", Objects.Str(spec["strategy"]!["rollingUpdate"]!["maxSurge"]));

        var (read, stored) = await _host.GetAsync($"{Deployments}/pb-web");
        Assert.Equal(200, read);
        Assert.Equal("nginx:1.27", Objects.Str(stored!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]));
    }

    [Fact]
    public async Task A_service_with_a_named_target_port_and_pointer_fields_decodes()
    {
        var body = ProtoWriter.Envelope("v1", "Service", s => s
            .Message(1, ProtoWriter.Meta("pb-svc"))
            .Message(2, spec => spec
                .Message(1, p => p.String(1, "http").String(2, "TCP").Varint(3, 80).Message(4, t => t.Varint(1, 1).Varint(2, 0).String(3, "web")).Varint(5, 0))
                .Entry(2, "app", "web")
                .String(3, "").String(4, "ClusterIP").String(7, "")
                .Message(14, a => a.Message(1, c => c.Varint(1, 600)))
                .String(17, "SingleStack")
                .Varint(20, 0))
            .Message(3, status => status.Message(1, _ => { })));

        var (code, created) = await PostProtobufAsync("/api/v1/namespaces/default/services", body);

        Assert.True(code == 201, created.ToJsonString());
        Assert.Equal("web", Objects.Str(created["spec"]!["ports"]![0]!["targetPort"]));
        Assert.Equal(600, created["spec"]!["sessionAffinityConfig"]!["clientIP"]!["timeoutSeconds"]!.GetValue<int>());
        Assert.False(created["spec"]!["allocateLoadBalancerNodePorts"]!.GetValue<bool>());
        Assert.Equal("SingleStack", Objects.Str(created["spec"]!["ipFamilyPolicy"]));
    }

    public static TheoryData<string, Action<ProtoWriter>?, Action<ProtoWriter>?> Undecodable => new()
    {
        // A field number PodSpec does not define.
        { "field number 99 of PodSpec", p => p.String(99, "x"), null },
        // Volumes are not decoded: any entry is refused rather than dropped.
        { "volumes", p => p.Message(1, v => v.String(1, "data")), null },
        // A pointer field the sandbox does not decode: set, even empty, it carries data.
        { "securityContext", null, c => c.Message(15, _ => { }) },
    };

    [Theory]
    [MemberData(nameof(Undecodable))]
    public async Task A_field_the_decoder_would_drop_is_415_and_nothing_is_stored(string mentioned, Action<ProtoWriter>? pod, Action<ProtoWriter>? container)
    {
        var name = "pb-refused-" + Guid.NewGuid().ToString("N")[..6];
        var (code, status) = await PostProtobufAsync(Deployments, Deployment(name, pod, container));

        Assert.Equal(415, code);
        Assert.Equal("UnsupportedMediaType", Objects.Str(status["reason"]));
        Assert.Contains(mentioned, Objects.Str(status["message"]), StringComparison.Ordinal);
        Assert.Equal(404, (await _host.GetAsync($"{Deployments}/{name}")).Code);
    }

    [Fact]
    public async Task An_unknown_ObjectMeta_field_is_415()
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c.Message(1, m => m.String(1, "pb-meta").String(15, "cluster")));
        var (code, status) = await PostProtobufAsync("/api/v1/namespaces/default/configmaps", body);
        Assert.Equal(415, code);
        Assert.Contains("field number 15 of ObjectMeta", Objects.Str(status["message"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kind_without_a_decoder_is_415_naming_the_json_media_types()
    {
        var body = ProtoWriter.Envelope("apps/v1", "DaemonSet", d => d.Message(1, ProtoWriter.Meta("pb-ds")));
        var (code, status) = await PostProtobufAsync("/apis/apps/v1/namespaces/default/daemonsets", body);
        Assert.Equal(415, code);
        Assert.Contains("application/json", Objects.Str(status["message"]), StringComparison.Ordinal);
    }

    public static TheoryData<byte[]> Malformed => new()
    {
        // Not the envelope.
        new byte[] { 1, 2, 3, 4, 5 },
        // Raw bytes claim more than the body holds.
        new byte[] { 0x6b, 0x38, 0x73, 0x00, 0x12, 0x7f, 0x0a },
        // A fixed-width value where ObjectMeta.name (a string) belongs.
        ProtoWriter.Envelope("v1", "ConfigMap", c => c.Message(1, m => m.Fixed32(1, 7))),
        // IntOrString with a type that does not exist.
        ProtoWriter.Envelope("v1", "Service", s => s.Message(1, ProtoWriter.Meta("pb-bad")).Message(2, spec => spec
            .Message(1, p => p.Varint(3, 80).Message(4, t => t.Varint(1, 7))))),
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_body_is_400(byte[] body)
    {
        var (code, status) = await PostProtobufAsync("/api/v1/namespaces/default/configmaps", body);
        Assert.True(code == 400, status.ToJsonString());
        Assert.Equal("BadRequest", Objects.Str(status["reason"]));
        Assert.Equal(200, (await _host.GetAsync("/api/v1/namespaces/default")).Code);
    }

    [Fact]
    public async Task A_token_request_in_protobuf_is_answered()
    {
        await _host.PostAsync("/api/v1/namespaces/default/serviceaccounts", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = "pb-sa" },
        });
        var body = ProtoWriter.Envelope("authentication.k8s.io/v1", "TokenRequest", t => t
            .Message(1, ProtoWriter.Meta(""))
            .Message(2, spec => spec.String(1, "vault").Varint(4, 1800))
            .Message(3, status => status.String(1, "").Bytes(2, [])));

        var (code, response) = await PostProtobufAsync("/api/v1/namespaces/default/serviceaccounts/pb-sa/token", body);

        Assert.True(code == 201, response.ToJsonString());
        Assert.Equal(1800, response["spec"]!["expirationSeconds"]!.GetValue<long>());
        Assert.Equal("vault", Objects.Str(response["spec"]!["audiences"]![0]));
        Assert.NotEmpty(Objects.Str(response["status"]!["token"]));
    }
}
