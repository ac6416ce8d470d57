using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.Sandbox.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Sandbox.Semantics;

/// <summary>Reads a YAML document (JSON is YAML) into JSON nodes with YAML 1.2 core-schema scalars.</summary>
internal static partial class YamlJson
{
    public static JsonNode? Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw ApiErrors.BadRequest($"error converting YAML to JSON: yaml: line {e.Start.Line}: {e.Message}");
        }

        return stream.Documents.Count == 0 ? null : Normalize(Convert(stream.Documents[0].RootNode));
    }

    /// <summary>Every document of a multi-document YAML stream (empty documents skipped).</summary>
    public static IReadOnlyList<JsonNode> ParseAll(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw ApiErrors.BadRequest($"error converting YAML to JSON: yaml: line {e.Start.Line}: {e.Message}");
        }

        return [.. stream.Documents.Select(d => Normalize(Convert(d.RootNode))).OfType<JsonNode>()];
    }

    /// <summary>Re-reads the tree as parsed JSON, so numbers behave exactly as in a JSON request body.</summary>
    private static JsonNode? Normalize(JsonNode? node) => node is null ? null : JsonNode.Parse(node.ToJsonString());

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (k, v) in map.Children)
                {
                    var key = k is YamlScalarNode s ? s.Value ?? "" : throw ApiErrors.BadRequest("error converting YAML to JSON: non-scalar mapping key");
                    obj[key] = Convert(v);
                }

                return obj;
            case YamlSequenceNode seq:
                return new JsonArray([.. seq.Children.Select(Convert)]);
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value.EndsWith(":str", StringComparison.Ordinal)))
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (value is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (Integer().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (Float().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(value);
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
