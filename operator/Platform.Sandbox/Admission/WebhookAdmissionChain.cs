using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Platform.Sandbox.Api;

namespace Platform.Sandbox.Admission;

/// <summary>
/// Dynamic admission as kube-apiserver runs it: the matching mutating webhooks in order (configurations sorted
/// by name), their JSONPatch responses applied, IfNeeded webhooks re-run once if a later webhook changed the
/// object; then the matching validating webhooks in parallel. Denials become the webhook's Status;
/// call failures under failurePolicy Fail become 500 InternalError; webhooks with side effects are not called
/// for dry-run requests (the request is rejected instead). Warnings from every webhook are collected.
/// </summary>
internal sealed class WebhookAdmissionChain : IAdmissionChain, IDisposable
{
    private const string Group = "admissionregistration.k8s.io";
    private readonly IObjectStoreReader store;
    private readonly IWebhookEndpointResolver resolver;
    private readonly WebhookCaller caller;
    private readonly ILogger<WebhookAdmissionChain> logger;

    public WebhookAdmissionChain(IObjectStoreReader store, IWebhookEndpointResolver resolver, TimeProvider time, ILogger<WebhookAdmissionChain> logger)
    {
        this.store = store;
        this.resolver = resolver;
        this.logger = logger;
        caller = new WebhookCaller(time);
    }

    public async Task<AdmissionOutcome> AdmitAsync(AdmissionAttributes attributes, CancellationToken ct)
    {
        var mutated = await MutateAsync(attributes, ct).ConfigureAwait(false);
        if (!mutated.Allowed)
        {
            return mutated;
        }

        var validated = await ValidateAsync(attributes with { Object = mutated.Object ?? attributes.Object }, ct).ConfigureAwait(false);
        return validated with
        {
            Object = validated.Allowed ? mutated.Object : null,
            Warnings = [.. mutated.Warnings, .. validated.Warnings],
        };
    }

    /// <summary>
    /// The mutating phase alone. The API server runs schema defaulting and validation of a custom resource
    /// between the phases (on the mutated object), so callers that need that order call the phases separately.
    /// </summary>
    public async Task<AdmissionOutcome> MutateAsync(AdmissionAttributes attributes, CancellationToken ct)
    {
        var mutating = Load("mutatingwebhookconfigurations", mutating: true);
        if (mutating.Count == 0)
        {
            return AdmissionOutcome.Allow(null);
        }

        var matcher = new WebhookMatcher(store, attributes);
        var warnings = new List<string>();
        var current = attributes.Object?.DeepClone().AsObject();
        var changed = false;
        var invokedIfNeeded = new List<WebhookRegistration>();
        var reinvoke = new HashSet<WebhookRegistration>();

        foreach (var webhook in mutating)
        {
            var step = await RunMutatingAsync(webhook, matcher, attributes, current, warnings, ct).ConfigureAwait(false);
            if (step.Denied is { } denied)
            {
                return denied with { Warnings = warnings };
            }

            if (step.Patched is { } patched)
            {
                current = patched;
                changed = true;
                reinvoke.UnionWith(invokedIfNeeded.Where(w => !ReferenceEquals(w, webhook)));
            }

            if (step.Called && webhook.ReinvocationPolicy == "IfNeeded")
            {
                invokedIfNeeded.Add(webhook);
            }
        }

        // One reinvocation round for IfNeeded webhooks that ran before a later webhook changed the object.
        foreach (var webhook in mutating.Where(reinvoke.Contains))
        {
            var step = await RunMutatingAsync(webhook, matcher, attributes, current, warnings, ct).ConfigureAwait(false);
            if (step.Denied is { } denied)
            {
                return denied with { Warnings = warnings };
            }

            if (step.Patched is { } patched)
            {
                current = patched;
                changed = true;
            }
        }

        return new AdmissionOutcome { Allowed = true, Object = changed ? current : null, Warnings = warnings };
    }

    /// <summary>The validating phase alone: every matching validating webhook, called in parallel.</summary>
    public async Task<AdmissionOutcome> ValidateAsync(AdmissionAttributes attributes, CancellationToken ct)
    {
        var validating = Load("validatingwebhookconfigurations", mutating: false);
        if (validating.Count == 0)
        {
            return AdmissionOutcome.Allow(null);
        }

        var matcher = new WebhookMatcher(store, attributes);
        var warnings = new List<string>();
        var matches = new List<WebhookMatch>();
        foreach (var webhook in validating)
        {
            var (match, error) = TryMatch(matcher, webhook, attributes.Object);
            if (error is not null)
            {
                if (Failure(webhook, error) is { } failure)
                {
                    return failure;
                }

                continue;
            }

            if (match is not null)
            {
                if (DryRunRejection(attributes, webhook) is { } rejection)
                {
                    return rejection;
                }

                matches.Add(match);
            }
        }

        var results = await Task.WhenAll(matches.Select(m => CallAsync(m, attributes, attributes.Object, ct))).ConfigureAwait(false);
        for (var i = 0; i < results.Length; i++)
        {
            var (response, error) = results[i];
            if (error is not null)
            {
                if (Failure(matches[i].Webhook, error) is { } failure)
                {
                    return failure with { Warnings = warnings };
                }

                continue;
            }

            warnings.AddRange(response!.Warnings);
            if (!response.Allowed)
            {
                return Denied(matches[i].Webhook, response, warnings);
            }
        }

        return new AdmissionOutcome { Allowed = true, Warnings = warnings };
    }

    public void Dispose() => caller.Dispose();

    private async Task<MutationStep> RunMutatingAsync(
        WebhookRegistration webhook, WebhookMatcher matcher, AdmissionAttributes attributes, JsonObject? current, List<string> warnings, CancellationToken ct)
    {
        var (match, matchError) = TryMatch(matcher, webhook, current);
        if (matchError is not null)
        {
            return new MutationStep(Failure(webhook, matchError), null, false);
        }

        if (match is null)
        {
            return new MutationStep(null, null, false);
        }

        if (DryRunRejection(attributes, webhook) is { } rejection)
        {
            return new MutationStep(rejection, null, false);
        }

        var (response, error) = await CallAsync(match, attributes, current, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return new MutationStep(Failure(webhook, error), null, true);
        }

        warnings.AddRange(response!.Warnings);
        if (!response.Allowed)
        {
            return new MutationStep(Denied(webhook, response, warnings), null, true);
        }

        if (response.Patch is null || current is null)
        {
            return new MutationStep(null, null, true);
        }

        JsonObject patched;
        try
        {
            var sent = ForVersion(current, attributes, match.SentVersion);
            patched = JsonPatchApplier.Apply(sent, response.Patch) as JsonObject
                ?? throw new JsonPatchException("patch replaced the object with a non-object");
            if (match.SentVersion != attributes.Version)
            {
                patched = ForVersion(patched, attributes, attributes.Version);
            }
        }
        catch (JsonPatchException ex)
        {
            return new MutationStep(Failure(webhook, "JSON patch failed to apply: " + ex.Message, alwaysFail: true), null, true);
        }

        return JsonNode.DeepEquals(patched, current)
            ? new MutationStep(null, null, true)
            : new MutationStep(null, patched, true);
    }

    private async Task<(WebhookResponse? Response, string? Error)> CallAsync(WebhookMatch match, AdmissionAttributes attributes, JsonObject? current, CancellationToken ct)
    {
        var webhook = match.Webhook;
        var config = webhook.ClientConfig;
        Uri? url;
        string expectedHost;
        if (config.Url is not null)
        {
            url = config.Url;
            expectedHost = config.Url.Host;
        }
        else if (config.ServiceName is { } name && config.ServiceNamespace is { } ns)
        {
            try
            {
                url = resolver.Resolve(ns, name, config.ServicePort, config.ServicePath);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or UriFormatException)
            {
                return (null, $"failed to call webhook: cannot resolve service \"{ns}/{name}\": {ex.Message}");
            }

            expectedHost = $"{name}.{ns}.svc";
            if (url is null)
            {
                return (null, $"failed to call webhook: service \"{ns}/{name}\" has no endpoint for port {config.ServicePort}");
            }
        }
        else
        {
            return (null, "failed to call webhook: clientConfig has neither url nor service");
        }

        var uid = Guid.NewGuid().ToString();
        var sentObject = current is null ? null : ForVersion(current, attributes, match.SentVersion);
        var sentOld = attributes.OldObject is null ? null : ForVersion(attributes.OldObject, attributes, match.SentVersion);
        var review = AdmissionReviewCodec.BuildRequest(attributes, uid, match.SentVersion, sentObject, sentOld);
        try
        {
            var body = await caller.PostAsync(url, expectedHost, config.CaBundle, review, TimeSpan.FromSeconds(webhook.TimeoutSeconds), ct).ConfigureAwait(false);
            var response = AdmissionReviewCodec.ParseResponse(body, uid, webhook.Mutating);
            AdmissionLog.WebhookCalled(logger, webhook.Name, attributes.Operation, attributes.Resource, attributes.Namespace, attributes.Name, response.Allowed);
            return (response, null);
        }
        catch (WebhookCallException ex)
        {
            return (null, ex.Message);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            // A response with fields of the wrong JSON type.
            return (null, "failed to call webhook: malformed AdmissionReview response: " + ex.Message);
        }
    }

    private static (WebhookMatch? Match, string? Error) TryMatch(WebhookMatcher matcher, WebhookRegistration webhook, JsonObject? current)
    {
        try
        {
            return (matcher.Match(webhook, current), null);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            return (null, "invalid selector: " + ex.Message);
        }
    }

    /// <summary>The object as sent for another served version of its CRD (identical schemas: only apiVersion changes).</summary>
    private static JsonObject ForVersion(JsonObject obj, AdmissionAttributes attributes, string version)
    {
        var copy = obj.DeepClone().AsObject();
        if (copy.ContainsKey("apiVersion"))
        {
            copy["apiVersion"] = attributes.Group.Length == 0 ? version : $"{attributes.Group}/{version}";
        }

        return copy;
    }

    private static AdmissionOutcome? DryRunRejection(AdmissionAttributes attributes, WebhookRegistration webhook) =>
        attributes.DryRun && webhook.SideEffects is not ("None" or "NoneOnDryRun")
            ? AdmissionOutcome.Deny(400, "BadRequest", $"admission webhook \"{webhook.Name}\" does not support dry run")
            : null;

    private AdmissionOutcome? Failure(WebhookRegistration webhook, string error, bool alwaysFail = false)
    {
        if (webhook.FailurePolicy == "Ignore" && !alwaysFail)
        {
            AdmissionLog.WebhookFailureIgnored(logger, webhook.Name, error);
            return null;
        }

        return AdmissionOutcome.Deny(500, "InternalError", $"Internal error occurred: failed calling webhook \"{webhook.Name}\": {error}");
    }

    private static AdmissionOutcome Denied(WebhookRegistration webhook, WebhookResponse response, List<string> warnings)
    {
        var status = response.Status;
        var deniedBy = $"admission webhook \"{webhook.Name}\" denied the request";
        var message = status switch
        {
            { Message.Length: > 0 } => $"{deniedBy}: {status.Message}",
            { Reason.Length: > 0 } => $"{deniedBy}: {status.Reason}",
            _ => $"{deniedBy} without explanation",
        };

        // Upstream never answers a rejection with a code below 400.
        var code = status is { Code: >= 400 } ? status.Code : 400;
        return new AdmissionOutcome { Allowed = false, Status = new AdmissionStatus(code, status?.Reason ?? "", message), Warnings = warnings };
    }

    private List<WebhookRegistration> Load(string resource, bool mutating)
    {
        var result = new List<WebhookRegistration>();
        foreach (var configuration in store.List(Group, "v1", resource).OrderBy(c => c["metadata"]?["name"]?.GetValue<string>(), StringComparer.Ordinal))
        {
            try
            {
                result.AddRange(WebhookRegistration.FromConfiguration(configuration, mutating));
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or UriFormatException)
            {
                AdmissionLog.MalformedConfiguration(logger, configuration["metadata"]?["name"]?.ToString() ?? "", ex.Message);
            }
        }

        return result;
    }
}
