namespace Platform.Sandbox.Schema;

/// <summary>Field paths in apimachinery's text form: <c>spec.ports[0].number</c>.</summary>
internal static class FieldPathText
{
    public static string Child(string path, string name) => path.Length == 0 ? name : path + "." + name;

    public static string Index(string path, int index) => $"{path}[{index}]";

    public static string Key(string path, string key) => $"{path}[{key}]";
}
