using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Platform.Webhooks.Certificates;
using Platform.Webhooks.Tests.Support;

namespace Platform.Webhooks.Tests.Certificates;

public sealed class CertificateRotationTests
{
    [Fact]
    public async Task Rotating_the_certificate_files_under_load_fails_no_request()
    {
        // Reloads are driven by the test, so the interval only has to stay out of the way.
        await using var host = await WebhookHost.StartAsync(o => o.CertificateCheckInterval = TimeSpan.FromHours(1));
        var reloader = host.Get<FileCertificateReloader>();
        var seen = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<string>();
        var completed = 0;
        using var stop = new CancellationTokenSource();
        var body = Reviews.Review("CREATE", Reviews.WidgetObject("load", 1));

        async Task KeepAliveWorker()
        {
            using var client = host.CreateClient();
            while (!stop.IsCancellationRequested)
            {
                await SendAsync(client);
            }
        }

        async Task FreshConnectionWorker()
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = host.CreateClient(onServerCertificate: c => seen.AddOrUpdate(c.Thumbprint, 1, (_, n) => n + 1));
                await SendAsync(client);
            }
        }

        async Task SendAsync(HttpClient client)
        {
            try
            {
                var response = await Reviews.PostAsync(client, "/validate/widget", body);
                if (!response.Allowed)
                {
                    failures.Enqueue(response.Status?.Message ?? "denied");
                }

                Interlocked.Increment(ref completed);
            }
            catch (Exception e)
            {
                failures.Enqueue(e.ToString());
            }
        }

        var workers = Enumerable.Range(0, 6).Select(i => Task.Run(i % 2 == 0 ? KeepAliveWorker : FreshConnectionWorker)).ToArray();
        var rotated = new List<string>();
        for (var rotation = 0; rotation < 5; rotation++)
        {
            var before = Volatile.Read(ref completed);
            await WaitUntilAsync(() => Volatile.Read(ref completed) >= before + 20, "requests to flow before rotating");
            var certificate = host.Pki.WriteServing(host.CertificateDirectory);
            Assert.True(reloader.Reload());
            rotated.Add(certificate.Thumbprint);
            await WaitUntilAsync(() => seen.ContainsKey(certificate.Thumbprint), $"a new connection to present rotation {rotation}");
        }

        var last = Volatile.Read(ref completed);
        await WaitUntilAsync(() => Volatile.Read(ref completed) >= last + 20, "requests to flow after the last rotation");
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Empty(failures);
        Assert.All(rotated, thumbprint => Assert.True(seen.ContainsKey(thumbprint)));
        Assert.Equal(rotated[^1], host.Certificates.Current!.Certificate.Thumbprint);
    }

    [Fact]
    public async Task Changed_files_are_picked_up_by_polling()
    {
        await using var host = await WebhookHost.StartAsync(o => o.CertificateCheckInterval = TimeSpan.FromMilliseconds(50));

        var certificate = host.Pki.WriteServing(host.CertificateDirectory);

        await WaitUntilAsync(() => host.Certificates.Current!.Certificate.Thumbprint == certificate.Thumbprint, "the poller to load the new files");
        string? presented = null;
        using var client = host.CreateClient(onServerCertificate: c => presented = c.Thumbprint);
        using var response = await client.GetAsync("/readyz");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(certificate.Thumbprint, presented);
    }

    [Fact]
    public async Task A_half_written_pair_keeps_the_current_certificate()
    {
        await using var host = await WebhookHost.StartAsync(o => o.CertificateCheckInterval = TimeSpan.FromHours(1));
        var reloader = host.Get<FileCertificateReloader>();
        var current = host.Certificates.Current!.Certificate.Thumbprint;
        var next = host.Pki.IssueServing();

        // Only the key has been swapped so far: it does not match tls.crt.
        await File.WriteAllTextAsync(Path.Combine(host.CertificateDirectory, "tls.key"), next.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

        Assert.False(reloader.Reload());
        Assert.Equal(current, host.Certificates.Current!.Certificate.Thumbprint);
        using var client = host.CreateClient();
        Assert.True((await Reviews.PostAsync(client, "/validate/widget", Reviews.Review("CREATE", Reviews.WidgetObject("ok", 1)))).Allowed);

        await File.WriteAllTextAsync(Path.Combine(host.CertificateDirectory, "tls.crt"), next.ExportCertificatePem());
        Assert.True(reloader.Reload());
        Assert.Equal(next.Thumbprint, host.Certificates.Current!.Certificate.Thumbprint);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, string what, Action? tick = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(10);
            tick?.Invoke();
        }
    }
}
