using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Platform.Sandbox.Cluster;
using Platform.Sandbox.Hosting;
using Platform.Sandbox.Tests.Infrastructure;
using Platform.Testing.Polling;

namespace Platform.Sandbox.Tests.Cluster;

/// <summary>
/// Pod termination with a kubelet that waits out the grace period (Pod Lifecycle, "Termination of Pods"): the
/// containers keep running until deletionGracePeriodSeconds have passed on the kubelet's clock, a shorter second
/// DELETE brings that forward, and kubectl delete (waiting or not) behaves as against a cluster.
/// </summary>
public sealed class GracefulTerminationTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "platform-graceful-" + Guid.NewGuid().ToString("N"));
    private SandboxServer _server = null!;
    private SimulatedCluster _cluster = null!;
    private Kubernetes _client = null!;
    private KubectlRunner _kubectl = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _server = await SandboxServer.StartAsync(new SandboxOptions
        {
            EnableSchemaValidation = false, EnableWebhookAdmission = false, KubeconfigPath = Path.Combine(_dir, "kubeconfig"),
        });
        _client = _server.CreateClient();
        _cluster = await SimulatedCluster.StartAsync(_server, new SimulatedClusterOptions
        {
            Nodes = 1, WorkingDirectory = Path.Combine(_dir, "nodes"), TimeProvider = _time, WaitOutGracePeriod = true,
        });
        _kubectl = new KubectlRunner(_server.KubeconfigPath!, Path.Combine(_dir, "cache"));
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _client.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task RunningPodAsync(string name, long grace = 30)
    {
        var pod = PodBuilder.Pod(name);
        pod.Spec.TerminationGracePeriodSeconds = grace;
        await _client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        await Eventually.TrueAsync(async () => PodBuilder.IsReady(await _client.CoreV1.ReadNamespacedPodAsync(name, "default")), $"{name} ready");
    }

    /// <summary>The kubelet announces it is stopping the containers once it has seen the deletion.</summary>
    private Task KillingAnnouncedAsync(string name) => Eventually.TrueAsync(async () =>
        (await _client.CoreV1.ListNamespacedEventAsync("default")).Items.Any(e => e.Reason == "Killing" && e.InvolvedObject.Name == name), $"Killing event for {name}");

    private async Task<V1Pod?> FindAsync(string name)
    {
        try
        {
            return await _client.CoreV1.ReadNamespacedPodAsync(name, "default");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private Task GoneAsync(string name) => Eventually.TrueAsync(async () => await FindAsync(name) is null, $"{name} removed");

    [Fact]
    public async Task Containers_run_until_the_grace_period_ends_then_the_kubelet_removes_the_pod()
    {
        await RunningPodAsync("patient", grace: 30);

        await _client.CoreV1.DeleteNamespacedPodAsync("patient", "default");
        await KillingAnnouncedAsync("patient");
        _time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(500);

        var terminating = await FindAsync("patient");
        Assert.NotNull(terminating!.Metadata.DeletionTimestamp);
        Assert.Equal(30, terminating.Metadata.DeletionGracePeriodSeconds);
        Assert.Equal("Running", terminating.Status.Phase);

        _time.Advance(TimeSpan.FromSeconds(1));
        await GoneAsync("patient");
    }

    [Fact]
    public async Task A_second_delete_with_a_shorter_grace_period_stops_the_pod_sooner()
    {
        await RunningPodAsync("hurried", grace: 300);
        await _client.CoreV1.DeleteNamespacedPodAsync("hurried", "default");
        await KillingAnnouncedAsync("hurried");

        await _client.CoreV1.DeleteNamespacedPodAsync("hurried", "default", new V1DeleteOptions { GracePeriodSeconds = 5 });

        var advanced = 0;
        while (await FindAsync("hurried") is not null)
        {
            Assert.True(advanced < 60, "the shortened grace period was not honoured");
            _time.Advance(TimeSpan.FromSeconds(1));
            advanced++;
            await Task.Delay(200);
        }

        Assert.InRange(advanced, 5, 60);
    }

    [Fact]
    public async Task Kubectl_delete_waits_for_the_pod_to_go_and_wait_false_returns_at_once()
    {
        await RunningPodAsync("waited");
        await RunningPodAsync("not-waited");

        Assert.Contains("pod \"not-waited\" deleted", await _kubectl.RunOkAsync("delete", "pod", "not-waited", "--wait=false"));
        Assert.NotNull((await FindAsync("not-waited"))!.Metadata.DeletionTimestamp);

        var waiting = _kubectl.RunAsync("delete", "pod", "waited");
        await KillingAnnouncedAsync("waited");
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted, "kubectl delete returned before the pod was gone");

        _time.Advance(TimeSpan.FromSeconds(30));
        var (code, stdout, stderr) = await waiting;
        Assert.True(code == 0, stderr);
        Assert.Contains("pod \"waited\" deleted", stdout);
        Assert.Null(await FindAsync("waited"));
        await GoneAsync("not-waited");
    }

    [Fact]
    public async Task Kubectl_force_delete_with_grace_period_0_removes_the_pod_immediately()
    {
        await RunningPodAsync("forced");

        var (code, stdout, stderr) = await _kubectl.RunAsync("delete", "pod", "forced", "--grace-period=0", "--force");

        Assert.True(code == 0, stderr);
        Assert.Contains("force deleted", stdout);
        Assert.Null(await FindAsync("forced"));
    }
}
