using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;

namespace Platform.Operator.Suite;

/// <summary>
/// Proves admission works end to end: a dry-run create of a ServiceEntry only the webhook refuses (its host is
/// not a valid domain name, which the CRD schema does not check) must come back as the webhook's denial.
/// Before the webhook is reachable the API server answers 500 (failurePolicy Fail), and before the
/// configuration exists it would accept the object.
/// </summary>
internal static class AdmissionReadiness
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task WaitAsync(IKubernetes client, string probeNamespace, TimeSpan timeout, CancellationToken ct)
    {
        // Wall-clock on purpose: this bounds network start-up, not anything the suite's clock governs.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var last = "no answer yet";
        while (true)
        {
            try
            {
                await client.CustomObjects.CreateNamespacedCustomObjectAsync(Probe(probeNamespace), "networking.istio.io", "v1", probeNamespace,
                    "serviceentries", dryRun: "All", cancellationToken: deadline.Token).ConfigureAwait(false);
                last = "the API server accepted an invalid ServiceEntry: the validating webhook configuration is not in effect";
            }
            catch (HttpOperationException e) when ((int)e.Response.StatusCode is >= 400 and < 500 && e.Response.StatusCode != HttpStatusCode.NotFound &&
                                                   e.Response.Content?.Contains("admission webhook", StringComparison.Ordinal) == true)
            {
                return;
            }
            catch (HttpOperationException e)
            {
                last = $"HTTP {(int)e.Response.StatusCode}: {e.Response.Content}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(PollInterval, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                break;
            }
        }

        throw new SandboxSuiteStartException($"admission did not answer through the API server within {timeout.TotalSeconds:0} s; last answer: {last}");
    }

    private static JsonObject Probe(string ns) => new()
    {
        ["apiVersion"] = "networking.istio.io/v1",
        ["kind"] = "ServiceEntry",
        ["metadata"] = new JsonObject { ["name"] = "platform-admission-probe", ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["hosts"] = new JsonArray("admission-probe.invalid!"),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["number"] = 80, ["protocol"] = "HTTP" }),
        },
    };
}
