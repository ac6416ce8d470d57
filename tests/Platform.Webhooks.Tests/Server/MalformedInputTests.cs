using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Webhooks.Tests.Support;

namespace Platform.Webhooks.Tests.Server;

/// <summary>Bad input gets a 4xx with a metav1.Status message, and the server goes on serving afterwards.</summary>
public sealed class MalformedInputTests(WebhookHostFixture fixture) : IClassFixture<WebhookHostFixture>
{
    private WebhookHost Host => fixture.Host;

    public static TheoryData<string, string> BadEnvelopes => new()
    {
        { "truncated JSON", Reviews.Review("CREATE", Reviews.WidgetObject("t", 1))[..60] },
        { "not JSON at all", "<AdmissionReview/>" },
        { "JSON null", "null" },
        { "a JSON array", "[1,2,3]" },
        { "wrong envelope kind", Reviews.Review("CREATE", Reviews.WidgetObject("k", 1)).Replace("\"kind\":\"AdmissionReview\"", "\"kind\":\"Pod\"", StringComparison.Ordinal) },
        { "v1beta1 envelope", Reviews.Review("CREATE", Reviews.WidgetObject("k", 1)).Replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1", StringComparison.Ordinal) },
        { "missing uid", WithoutRequestField("uid") },
        { "missing operation", WithoutRequestField("operation") },
        { "missing request", """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""" },
        { "request of the wrong type", """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":"yes"}""" },
        { "empty body", "" },
    };

    [Theory]
    [MemberData(nameof(BadEnvelopes))]
    public async Task Body_that_is_not_an_AdmissionReview_is_answered_400_with_a_message(string why, string body)
    {
        using var client = Host.CreateClient();

        using var response = await client.PostAsync("/validate/widget", Reviews.Json(body));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: HTTP {(int)response.StatusCode}");
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal(400, status["code"]!.GetValue<int>());
        Assert.StartsWith("request body is not an AdmissionReview", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task Ten_MiB_body_is_answered_413()
    {
        using var client = Host.CreateClient();
        var padding = new string('x', 10 * 1024 * 1024);
        var body = Reviews.Review("CREATE", Reviews.WidgetObject("huge", 1, new JsonObject { ["padding"] = padding }));

        using var response = await client.PostAsync("/validate/widget", Reviews.Json(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("exceeds the limit", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var fresh = Host.CreateClient();
        await AssertStillServingAsync(fresh);
    }

    [Fact]
    public async Task Oversized_chunked_body_without_content_length_is_answered_413()
    {
        using var client = Host.CreateClient();
        var body = Encoding.UTF8.GetBytes(Reviews.Review("CREATE", Reviews.WidgetObject("huge", 1, new JsonObject { ["padding"] = new string('y', 7 * 1024 * 1024) })));
        using var content = new StreamContent(new UnseekableStream(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync("/validate/widget", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var fresh = Host.CreateClient();
        await AssertStillServingAsync(fresh);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/yaml")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Wrong_content_type_is_answered_415(string contentType)
    {
        using var client = Host.CreateClient();

        using var response = await client.PostAsync("/validate/widget",
            new StringContent(Reviews.Review("CREATE", Reviews.WidgetObject("c", 1)), Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task Json_with_a_charset_parameter_is_accepted()
    {
        using var client = Host.CreateClient();
        var content = new StringContent(Reviews.Review("CREATE", Reviews.WidgetObject("c", 1)), Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

        using var response = await client.PostAsync("/validate/widget", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_on_a_webhook_is_405_and_unknown_paths_are_404()
    {
        using var client = Host.CreateClient();

        using var get = await client.GetAsync("/validate/widget");
        using var unknown = await client.PostAsync("/validate/gadget", Reviews.Json(Reviews.Review("CREATE", Reviews.WidgetObject("c", 1))));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task Many_bad_requests_in_parallel_never_yield_a_5xx()
    {
        using var client = Host.CreateClient();
        var bodies = BadEnvelopes.Select(row => (string)row[1]).ToArray();

        var codes = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var response = await client.PostAsync("/validate/widget", Reviews.Json(bodies[i % bodies.Length]));
            return (int)response.StatusCode;
        }));

        Assert.All(codes, code => Assert.Equal(400, code));
        await AssertStillServingAsync(client);
    }

    private static string WithoutRequestField(string field)
    {
        var review = JsonNode.Parse(Reviews.Review("CREATE", Reviews.WidgetObject("u", 1)))!;
        review["request"]!.AsObject().Remove(field);
        return review.ToJsonString();
    }

    private static async Task AssertStillServingAsync(HttpClient client)
    {
        var response = await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("CREATE", Reviews.WidgetObject("after", 1)));
        Assert.True(response.Allowed);
    }

    /// <summary>A stream without a length, so HttpClient sends it chunked.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
