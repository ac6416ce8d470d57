namespace Platform.Crds.Generator.Schema;

/// <summary>OpenAPI v3 type and format names.</summary>
internal static class SchemaTypes
{
    public const string String = "string";
    public const string Integer = "integer";
    public const string Number = "number";
    public const string Boolean = "boolean";
    public const string Object = "object";
    public const string Array = "array";

    public const string Int32 = "int32";
    public const string Int64 = "int64";
    public const string Float = "float";
    public const string Double = "double";
    public const string Decimal = "decimal";
    public const string DateTime = "date-time";
    public const string Date = "date";
    public const string Uuid = "uuid";
    public const string Byte = "byte";
}
