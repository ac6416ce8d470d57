using System.Text.Json.Nodes;
using Platform.Sandbox.Admission;
using Platform.Sandbox.Errors;

namespace Platform.Sandbox.Semantics;

/// <summary>
/// PATCH with <c>application/json-patch+json</c>: the one RFC 6902 implementation (<see cref="JsonPatchApplier"/>,
/// also used for webhook patches) with its failures turned into the API server's Status errors.
/// </summary>
internal static class JsonPatch
{
    private static readonly string[] Operations = ["add", "remove", "replace", "move", "copy", "test"];

    public static JsonNode Apply(JsonNode document, JsonNode patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiErrors.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        foreach (var raw in operations)
        {
            if (raw is not JsonObject op || op["op"] is not JsonValue kindValue || !kindValue.TryGetValue<string>(out var kind) || op["path"] is null)
            {
                throw ApiErrors.BadRequest("invalid JSON patch operation: 'op' and 'path' are required");
            }

            if (!Operations.Contains(kind))
            {
                throw ApiErrors.BadRequest($"Unexpected kind: {kind}");
            }
        }

        try
        {
            return JsonPatchApplier.Apply(document, operations) ?? throw Failed("patch removed the whole document");
        }
        catch (JsonPatchException e)
        {
            throw Failed(e.Message);
        }
        catch (InvalidOperationException e)
        {
            // A pointer or from field of the wrong JSON type.
            throw Failed(e.Message);
        }
    }

    private static ApiException Failed(string detail) => new(422, "Invalid", $"the server rejected our request due to an error in our request: {detail}");
}
