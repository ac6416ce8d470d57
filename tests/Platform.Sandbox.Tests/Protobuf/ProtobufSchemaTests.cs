using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using Platform.Sandbox.Http.Protobuf;

namespace Platform.Sandbox.Tests.Protobuf;

/// <summary>The message tables agree with themselves and with the JSON names of the official client's models.</summary>
public sealed class ProtobufSchemaTests
{
    [Fact]
    public void Every_message_reference_and_root_kind_resolves()
    {
        var missing = ProtobufMessages.All.Values
            .SelectMany(m => m.Fields.Values.Where(f => f.Kind == ValueKind.Message && !f.Unsupported && !ProtobufMessages.All.ContainsKey(f.MessageName!))
                .Select(f => $"{m.Name}.{f.Name} -> {f.MessageName}"))
            .ToList();
        Assert.Empty(missing);
        Assert.All(ProtobufMessages.Kinds, k => Assert.NotNull(ProtobufMessages.Root(k.ApiVersion, k.Kind)));
    }

    [Fact]
    public void Every_decoded_field_name_is_a_json_property_of_the_clients_model()
    {
        var models = typeof(V1Pod).Assembly.GetTypes().Where(t => t.Namespace == "k8s.Models").ToList();
        var checkedMessages = 0;
        var wrong = new List<string>();
        foreach (var message in ProtobufMessages.All.Values)
        {
            // Core kinds are V1<Name>; names several groups share are <Group>v1<Name> (Rbacv1Subject, ...).
            var candidates = models.Where(t => t.Name == "V1" + message.Name || t.Name.EndsWith("v1" + message.Name, StringComparison.Ordinal)).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            checkedMessages++;
            var fields = message.Fields.Values.Where(f => !f.Inline).ToList();
            var inlined = message.Fields.Values.Where(f => f.Inline).SelectMany(f => ProtobufMessages.All[f.MessageName!].Fields.Values).ToList();
            var best = candidates
                .Select(model => (model, names: model.GetProperties().Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name).ToHashSet()))
                .Select(c => (c.model, missing: fields.Concat(inlined).Where(f => !c.names.Contains(f.Name)).ToList()))
                .MinBy(c => c.missing.Count);
            wrong.AddRange(best.missing.Select(f => $"{message.Name}.{f.Name} ({best.model.Name})"));
        }

        Assert.Empty(wrong);
        Assert.True(checkedMessages >= ProtobufMessages.All.Count - 2, $"only {checkedMessages} of {ProtobufMessages.All.Count} messages matched a model");
    }
}
