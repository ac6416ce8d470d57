using System.Text.Json.Nodes;

namespace Platform.Crds.Tests.Support;

/// <summary>An upstream documentation example from Examples/, as YAML text and as the JSON the API server would get.</summary>
internal sealed record ExampleManifest(string FileName, string Yaml, JsonNode Json)
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Examples");

    public string ApiVersion => (string)Json["apiVersion"]!;

    public string Kind => (string)Json["kind"]!;

    public static IReadOnlyList<string> FileNames() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.yaml")
            .Select(p => Path.GetFileName(p))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static ExampleManifest Load(string fileName)
    {
        var yaml = File.ReadAllText(Path.Combine(Directory, fileName));
        var json = YamlToJson.Convert(yaml) ?? throw new InvalidDataException($"{fileName} is empty.");
        return new ExampleManifest(fileName, yaml, json);
    }
}
