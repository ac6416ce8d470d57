using System.Net;
using System.Security.Authentication;
using System.Text.Json.Nodes;
using Platform.Webhooks.Patching;
using Platform.Webhooks.Tests.Support;

namespace Platform.Webhooks.Tests.Server;

public sealed class AdmissionRoundTripTests(WebhookHostFixture fixture) : IClassFixture<WebhookHostFixture>
{
    private WebhookHost Host => fixture.Host;

    [Fact]
    public async Task Valid_create_is_allowed_and_echoes_the_uid()
    {
        using var client = Host.CreateClient();
        var uid = Guid.NewGuid().ToString();

        var response = await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("CREATE", Reviews.WidgetObject("a", 5), uid: uid));

        Assert.True(response.Allowed);
        Assert.Equal(uid, response.Uid);
        Assert.Null(response.Status);
        Assert.Null(response.Warnings);
        Assert.Null(response.Patch);
    }

    [Fact]
    public async Task Success_warnings_become_admission_warnings()
    {
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("CREATE", Reviews.WidgetObject("big", 500)));

        Assert.True(response.Allowed);
        Assert.Equal(["spec.size 500 is larger than 100"], response.Warnings);
    }

    [Fact]
    public async Task Fail_denies_with_the_message_and_code()
    {
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("CREATE", Reviews.WidgetObject("neg", -1)));

        Assert.False(response.Allowed);
        Assert.Equal(422, response.Status!.Code);
        Assert.Equal("Invalid", response.Status.Reason);
        Assert.Equal("spec.size must not be negative, got -1", response.Status.Message);
    }

    [Fact]
    public async Task Update_sees_old_and_new_object()
    {
        using var client = Host.CreateClient();

        var shrink = await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("UPDATE", Reviews.WidgetObject("a", 3), Reviews.WidgetObject("a", 7)));
        var grow = await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("UPDATE", Reviews.WidgetObject("a", 9), Reviews.WidgetObject("a", 7)));

        Assert.False(shrink.Allowed);
        Assert.Equal("spec.size may not shrink from 7 to 3", shrink.Status!.Message);
        Assert.Equal(400, shrink.Status.Code);
        Assert.True(grow.Allowed);
    }

    [Fact]
    public async Task Delete_judges_the_old_object()
    {
        using var client = Host.CreateClient();

        var keep = await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("DELETE", null, Reviews.WidgetObject("keep", 1)));
        var other = await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("DELETE", null, Reviews.WidgetObject("other", 1)));

        Assert.False(keep.Allowed);
        Assert.Equal("widget keep is protected", keep.Status!.Message);
        Assert.True(other.Allowed);
    }

    [Fact]
    public async Task Object_that_does_not_decode_is_denied_with_400_naming_the_field()
    {
        using var client = Host.CreateClient();
        var widget = Reviews.WidgetObject("bad", 1);
        widget["spec"]!["size"] = "twelve";

        var response = await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("CREATE", widget));

        Assert.False(response.Allowed);
        Assert.Equal(400, response.Status!.Code);
        Assert.Equal("BadRequest", response.Status.Reason);
        Assert.Contains("field spec.size", response.Status.Message, StringComparison.Ordinal);
        Assert.Contains("test.platform.io/v1 Widget", response.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Object_of_another_kind_is_denied_with_400()
    {
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("CREATE", Reviews.WidgetObject("pod", 1), kind: "Pod", group: ""));

        Assert.False(response.Allowed);
        Assert.Equal(400, response.Status!.Code);
        Assert.Contains("not v1/Pod", response.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_object_on_create_is_denied_with_400()
    {
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("CREATE", null));

        Assert.False(response.Allowed);
        Assert.Equal(400, response.Status!.Code);
        Assert.Contains("request.object", response.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutation_returns_a_base64_json_patch_that_yields_the_modified_object_and_keeps_unknown_fields()
    {
        using var client = Host.CreateClient();
        var widget = Reviews.WidgetObject("m", 0, new JsonObject { ["tags"] = new JsonArray("a"), ["unmodelled"] = new JsonObject { ["x"] = 1 } });
        widget["status"] = new JsonObject { ["phase"] = "Pending" };

        var response = await Reviews.PostAsync(client, "/mutate/widget", Reviews.Review("CREATE", widget));

        Assert.True(response.Allowed);
        Assert.Equal("JSONPatch", response.PatchType);
        Assert.Equal(["defaults applied"], response.Warnings);
        var patched = JsonPatchApplier.Apply(widget, Reviews.Patch(response))!;
        Assert.Equal(1, patched["spec"]!["size"]!.GetValue<int>());
        Assert.Equal(["a", "managed"], patched["spec"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("platform", patched["spec"]!["labels"]![WidgetMutationWebhook.LabelKey]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(widget["spec"]!["unmodelled"], patched["spec"]!["unmodelled"]));
        Assert.True(JsonNode.DeepEquals(widget["status"], patched["status"]));
        Assert.Contains(Reviews.Patch(response), op => op!["path"]!.GetValue<string>() == "/spec/labels" || op!["path"]!.GetValue<string>().StartsWith("/spec/labels/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mutation_without_changes_has_no_patch_and_a_failed_mutation_denies()
    {
        using var client = Host.CreateClient();

        var untouched = await Reviews.PostAsync(client, "/mutate/widget", Reviews.Review("CREATE", Reviews.WidgetObject("untouched", 3)));
        var forbidden = await Reviews.PostAsync(client, "/mutate/widget", Reviews.Review("CREATE", Reviews.WidgetObject("forbidden", 3)));

        Assert.True(untouched.Allowed);
        Assert.Null(untouched.Patch);
        Assert.Null(untouched.PatchType);
        Assert.False(forbidden.Allowed);
        Assert.Equal("forbidden widgets are not admitted", forbidden.Status!.Message);
    }

    [Fact]
    public async Task A_webhook_that_hangs_is_answered_with_a_timeout_denial()
    {
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("CREATE", Reviews.WidgetObject("slow", 1)));

        Assert.False(response.Allowed);
        Assert.Equal(504, response.Status!.Code);
        Assert.Contains("did not finish within", response.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_that_throws_denies_that_request_and_the_server_keeps_serving()
    {
        using var client = Host.CreateClient();

        var broken = await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("CREATE", Reviews.WidgetObject("boom", 1)));
        var next = await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("CREATE", Reviews.WidgetObject("fine", 1)));

        Assert.False(broken.Allowed);
        Assert.Equal(503, broken.Status!.Code);
        Assert.DoesNotContain("the widget webhook broke", broken.Status.Message, StringComparison.Ordinal);
        Assert.True(next.Allowed);
    }

    [Fact]
    public async Task A_client_trusting_another_CA_cannot_connect()
    {
        var stranger = new TestPki("stranger-ca");
        using var client = Host.CreateClient(trusted: stranger.Authority);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/healthz"));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task TLS_1_2_is_accepted()
    {
        using var client = Host.CreateClient(protocols: SslProtocols.Tls12);

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HTTP_2_is_negotiated_by_ALPN()
    {
        using var client = Host.CreateClient();
        client.DefaultRequestVersion = HttpVersion.Version20;
        client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;

        using var response = await client.PostAsync("/validate/widget", Reviews.Json(Reviews.Review("CREATE", Reviews.WidgetObject("h2", 1))));

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Probes_and_metrics_are_served()
    {
        using var client = Host.CreateClient();
        await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("CREATE", Reviews.WidgetObject("counted", 1)));
        await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("CREATE", Reviews.WidgetObject("counted", -1)));

        using var healthz = await client.GetAsync("/healthz");
        using var readyz = await client.GetAsync("/readyz");
        var metrics = await client.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);
        Assert.Matches("platform_admission_requests_total\\{webhook=\"validate.widget.test.platform.io\",result=\"allowed\"\\} [1-9]", metrics);
        Assert.Matches("platform_admission_requests_total\\{webhook=\"validate.widget.test.platform.io\",result=\"denied\"\\} [1-9]", metrics);
        Assert.Contains("platform_admission_request_duration_seconds_bucket{webhook=\"validate.widget.test.platform.io\",result=\"allowed\",le=\"0.005\"}", metrics, StringComparison.Ordinal);
    }
}
