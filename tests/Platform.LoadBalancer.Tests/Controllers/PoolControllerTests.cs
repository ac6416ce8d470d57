using System.Text.Json;

namespace Platform.LoadBalancer.Tests.Controllers;

/// <summary>The pool controller validates pools with the webhook's rules and reports the outcome on the pool.</summary>
public sealed class PoolControllerTests
{
    [Fact]
    public async Task InvalidPools_AreLeftOut_AndSayWhyInTheirValidCondition()
    {
        await using var plane = await ControlPlane.StartAsync();
        await using var replica = await ControllerReplica.StartAsync(plane, "replica-a");
        await plane.ApplyAsync("""
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata:
              name: good
              namespace: metallb-system
            spec:
              addresses:
              - 192.168.40.0/29
            """);
        await Eventually.MatchAsync(() => plane.ReadPoolAsync("good"), p => ValidCondition(p)?.Status == "True", "the good pool is accepted");

        // The newer of two overlapping pools is refused; the older keeps serving.
        await plane.ApplyAsync("""
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata:
              name: overlapping
              namespace: metallb-system
            spec:
              addresses:
              - 192.168.40.4-192.168.40.20
            """);
        var overlapping = await Eventually.MatchAsync(() => plane.ReadPoolAsync("overlapping"), p => ValidCondition(p)?.Status == "False", "the overlapping pool is refused");
        var message = ValidCondition(overlapping)!.Value.Message;
        Assert.Equal("InvalidConfiguration", ValidCondition(overlapping)!.Value.Reason);
        Assert.Contains("good", message, StringComparison.Ordinal);
        Assert.Contains("overlapping", message, StringComparison.Ordinal);

        await plane.CreateServiceAsync("svc", new Dictionary<string, string> { ["metallb.io/address-pool"] = "overlapping" });
        var svc = await Eventually.MatchAsync(() => plane.ReadServiceAsync("svc"), s => ControlPlane.AddressCondition(s)?.Status == "False", "a Service asking for the refused pool waits");
        Assert.Equal("UnknownPool", ControlPlane.AddressCondition(svc)!.Reason);

        var good = await plane.ReadPoolAsync("good");
        Assert.Equal(8, good.GetProperty("status").GetProperty("availableIPv4").GetInt64());
    }

    private static (string Status, string Reason, string Message)? ValidCondition(JsonElement pool)
    {
        if (!pool.TryGetProperty("status", out var status) || !status.TryGetProperty("conditions", out var conditions))
        {
            return null;
        }

        foreach (var c in conditions.EnumerateArray())
        {
            if (c.GetProperty("type").GetString() == "Valid")
            {
                return (c.GetProperty("status").GetString()!, c.GetProperty("reason").GetString()!, c.GetProperty("message").GetString()!);
            }
        }

        return null;
    }
}
