using System.Text.Json.Nodes;
using Platform.Webhooks.Patching;

namespace Platform.Webhooks.Tests.Patching;

public sealed class JsonPatchDifferTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Applying_the_diff_of_random_pairs_yields_the_target(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 500; i++)
        {
            var a = RandomJson.Document(random);
            // Half the pairs are edits of the original (the realistic case), half are unrelated documents.
            var b = random.Next(2) == 0 ? RandomJson.Mutate(random, a) : RandomJson.Document(random);

            var patch = JsonPatchDiffer.Diff(a, b);
            var result = JsonPatchApplier.Apply(a, patch);

            Assert.True(JsonNode.DeepEquals(b, result), $"seed {seed} pair {i}\na={a?.ToJsonString()}\nb={b?.ToJsonString()}\npatch={patch.ToJsonString()}\nresult={result?.ToJsonString()}");
        }
    }

    [Fact]
    public void Equal_documents_give_an_empty_patch()
    {
        var a = JsonNode.Parse("""{"a":[1,{"b":null}],"c":"d"}""");

        Assert.Empty(JsonPatchDiffer.Diff(a, a!.DeepClone()));
    }

    [Fact]
    public void Keys_with_slash_and_tilde_are_escaped()
    {
        var a = JsonNode.Parse("""{"labels":{"a/b":"1","c~d":"2","~1":"3"}}""");
        var b = JsonNode.Parse("""{"labels":{"a/b":"x","c~d":"2","e/~f":"4"}}""");

        var patch = JsonPatchDiffer.Diff(a, b);

        var paths = patch.Select(op => op!["path"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["/labels/a~1b", "/labels/e~1~0f", "/labels/~01"], paths);
        Assert.True(JsonNode.DeepEquals(b, JsonPatchApplier.Apply(a, patch)));
    }

    [Fact]
    public void Null_values_differ_from_absent_keys()
    {
        var a = JsonNode.Parse("""{"x":null}""");
        var b = JsonNode.Parse("""{"y":null}""");

        var patch = JsonPatchDiffer.Diff(a, b);

        Assert.Equal("""[{"op":"remove","path":"/x"},{"op":"add","path":"/y","value":null}]""", patch.ToJsonString());
    }

    [Fact]
    public void Array_insertion_in_the_middle_is_one_add_at_its_index()
    {
        var a = JsonNode.Parse("""[1,2,3,4]""");
        var b = JsonNode.Parse("""[1,2,9,3,4]""");

        Assert.Equal("""[{"op":"add","path":"/2","value":9}]""", JsonPatchDiffer.Diff(a, b).ToJsonString());
    }

    [Fact]
    public void Array_removal_is_one_remove()
    {
        var a = JsonNode.Parse("""{"l":[{"n":1},{"n":2},{"n":3}]}""");
        var b = JsonNode.Parse("""{"l":[{"n":1},{"n":3}]}""");

        Assert.Equal("""[{"op":"remove","path":"/l/1"}]""", JsonPatchDiffer.Diff(a, b).ToJsonString());
    }

    [Fact]
    public void Type_change_and_root_change_are_replacements()
    {
        Assert.Equal("""[{"op":"replace","path":"/a","value":[1]}]""", JsonPatchDiffer.Diff(JsonNode.Parse("""{"a":{"b":1}}"""), JsonNode.Parse("""{"a":[1]}""")).ToJsonString());
        Assert.Equal("""[{"op":"replace","path":"","value":[]}]""", JsonPatchDiffer.Diff(JsonNode.Parse("{}"), JsonNode.Parse("[]")).ToJsonString());
    }
}
