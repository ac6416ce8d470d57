namespace Platform.Sandbox.Storage;

/// <summary>Bucket keys sort by namespace then name, the order lists are returned in.</summary>
internal static class ObjectKey
{
    public static string Of(string namespaceName, string name) => namespaceName + "/" + name;
}
