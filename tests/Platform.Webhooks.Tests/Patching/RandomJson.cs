using System.Text.Json.Nodes;

namespace Platform.Webhooks.Tests.Patching;

/// <summary>Random JSON documents and edits of them, from a seeded generator so failures reproduce.</summary>
internal static class RandomJson
{
    // Keys include the characters JSON Pointer must escape.
    private static readonly string[] Keys = ["a", "b", "c", "a/b", "~", "~1", "/", "x~0y", "", "spec", "metadata", "labels"];

    public static JsonNode? Document(Random random) => Value(random, depth: 0);

    public static JsonNode? Mutate(Random random, JsonNode? original)
    {
        var copy = original?.DeepClone();
        var edits = random.Next(1, 5);
        for (var i = 0; i < edits; i++)
        {
            copy = Edit(random, copy, 0);
        }

        return copy;
    }

    private static JsonNode? Value(Random random, int depth)
    {
        var choice = depth >= 4 ? random.Next(5) : random.Next(8);
        return choice switch
        {
            0 => null,
            1 => JsonValue.Create(random.Next(-3, 4)),
            2 => JsonValue.Create(random.Next(2) == 0),
            3 => JsonValue.Create(Keys[random.Next(Keys.Length)]),
            4 => JsonValue.Create(random.NextDouble() < 0.5 ? 1.5 : -0.25),
            5 or 6 => Object(random, depth),
            _ => Array(random, depth),
        };
    }

    private static JsonObject Object(Random random, int depth)
    {
        var obj = new JsonObject();
        var count = random.Next(0, 5);
        for (var i = 0; i < count; i++)
        {
            obj[Keys[random.Next(Keys.Length)]] = Value(random, depth + 1);
        }

        return obj;
    }

    private static JsonArray Array(Random random, int depth)
    {
        var array = new JsonArray();
        var count = random.Next(0, 6);
        for (var i = 0; i < count; i++)
        {
            array.Add(Value(random, depth + 1));
        }

        return array;
    }

    private static JsonNode? Edit(Random random, JsonNode? node, int depth)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0 && random.Next(3) > 0:
                {
                    var key = obj.ElementAt(random.Next(obj.Count)).Key;
                    switch (random.Next(4))
                    {
                        case 0:
                            obj.Remove(key);
                            break;
                        case 1:
                            obj[Keys[random.Next(Keys.Length)]] = Value(random, depth + 1);
                            break;
                        default:
                            var child = obj[key];
                            obj.Remove(key);
                            obj[key] = Edit(random, child, depth + 1);
                            break;
                    }

                    return obj;
                }

            case JsonArray array when array.Count > 0 && random.Next(3) > 0:
                {
                    var index = random.Next(array.Count);
                    switch (random.Next(4))
                    {
                        case 0:
                            array.RemoveAt(index);
                            break;
                        case 1:
                            array.Insert(random.Next(array.Count + 1), Value(random, depth + 1));
                            break;
                        default:
                            var child = array[index];
                            array.RemoveAt(index);
                            array.Insert(index, Edit(random, child, depth + 1));
                            break;
                    }

                    return array;
                }

            default:
                return Value(random, depth);
        }
    }
}
