using System.Text.Json;
using k8s.Models;

namespace Platform.Crds.Tests.TestTypes;

public sealed class ScalarFields
{
    public string Text { get; set; } = "";
    public char Letter { get; set; }
    public int Int { get; set; }
    public short Short { get; set; }
    public long Long { get; set; }
    public float Float { get; set; }
    public double Double { get; set; }
    public decimal Decimal { get; set; }
    public bool Flag { get; set; }
    public DateTime When { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid Id { get; set; }
    public uint Port { get; set; }
    public ushort Small { get; set; }
    public byte[] Data { get; set; } = [];
    public IntOrString Target { get; set; } = "1";
    public ResourceQuantity Memory { get; set; } = new("1Gi");
    public V1ObjectMeta Meta { get; set; } = new();
    public object Anything { get; set; } = new();
    public JsonElement Raw { get; set; }
    public TestMode Mode { get; set; }
    public Uri Link { get; set; } = new("https://example.com");
}
