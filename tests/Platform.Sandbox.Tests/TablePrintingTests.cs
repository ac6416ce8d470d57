using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

/// <summary>Server-side printing: the Table format kubectl get asks for.</summary>
public sealed class TablePrintingTests : IClassFixture<SandboxHost>
{
    private readonly SandboxHost _host;

    public TablePrintingTests(SandboxHost host) => _host = host;

    private async Task<JsonObject> TableAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;as=Table;v=v1;g=meta.k8s.io"));
        using var response = await _host.Http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static string[] Columns(JsonObject table) => [.. table["columnDefinitions"]!.AsArray().Select(c => Objects.Str(c!["name"]))];

    [Fact]
    public async Task Pods_print_ready_status_restarts_and_age()
    {
        await _host.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("printed"));
        var table = await TableAsync("/api/v1/namespaces/default/pods");
        Assert.Equal("Table", Objects.Str(table["kind"]));
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "IP", "Node", "Age"], Columns(table));
        var row = table["rows"]!.AsArray().Single(r => Objects.Str(r!["cells"]![0]) == "printed")!;
        Assert.Equal("0/1", Objects.Str(row["cells"]![1]));
        Assert.Equal("Pending", Objects.Str(row["cells"]![2]));
        Assert.Equal("PartialObjectMetadata", Objects.Str(row["object"]!["kind"]));
    }

    [Fact]
    public async Task Custom_resources_print_their_additional_printer_columns()
    {
        await _host.SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"pools.print.example.com"},
             "spec":{"group":"print.example.com","scope":"Cluster","names":{"plural":"pools","kind":"Pool"},
               "versions":[{"name":"v1","served":true,"storage":true,
                 "additionalPrinterColumns":[{"name":"Size","type":"integer","jsonPath":".spec.size"},{"name":"Mode","type":"string","jsonPath":".spec.mode","priority":1}],
                 "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """);
        await _host.SendAsync(HttpMethod.Post, "/apis/print.example.com/v1/pools", """{"apiVersion":"print.example.com/v1","kind":"Pool","metadata":{"name":"p"},"spec":{"size":4,"mode":"fast"}}""");
        var table = await TableAsync("/apis/print.example.com/v1/pools");
        Assert.Equal(["Name", "Size", "Mode", "Age"], Columns(table));
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal(4, cells[1]!.GetValue<int>());
        Assert.Equal("fast", Objects.Str(cells[2]));
    }
}
