using System.Reflection;
using k8s.Models;
using Platform.Crds.Generator.Schema;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Generator.PrinterColumns;

/// <summary>
/// Collects the <c>kubectl get</c> columns of an entity: properties marked [AdditionalPrinterColumn] anywhere under
/// the root (depth first, in declaration order, base class members first), then the class-level [GenericAdditionalPrinterColumn]s in declaration order.
/// </summary>
internal static class PrinterColumnMapper
{
    private static readonly HashSet<string> ColumnTypes = new(StringComparer.Ordinal)
    {
        "integer", "number", "string", "boolean", "date",
    };

    public static IList<V1CustomResourceColumnDefinition>? Map(Type entityType, V1JSONSchemaProps rootSchema, string path)
    {
        var columns = new List<V1CustomResourceColumnDefinition>();
        CollectPropertyColumns(entityType, rootSchema, "", columns, []);

        foreach (var generic in entityType.GetCustomAttributes<GenericAdditionalPrinterColumnAttribute>(inherit: true))
        {
            if (!ColumnTypes.Contains(generic.Type))
            {
                throw new CrdGenerationException(
                    $"{path}: printer column '{generic.Name}' has type '{generic.Type}'; use one of {string.Join(", ", ColumnTypes.Order(StringComparer.Ordinal))}.");
            }

            if (!generic.JsonPath.StartsWith('.'))
            {
                throw new CrdGenerationException($"{path}: printer column '{generic.Name}' JSON path '{generic.JsonPath}' must start with '.'.");
            }

            columns.Add(new V1CustomResourceColumnDefinition
            {
                Name = generic.Name,
                JsonPath = generic.JsonPath,
                Type = generic.Type,
                Description = generic.Description,
                Format = generic.Format,
                Priority = Priority(generic.Priority),
            });
        }

        var duplicate = columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new CrdGenerationException($"{path}: two printer columns are named '{duplicate.Key}'.");
        }

        return columns.Count > 0 ? columns : null;
    }

    private static void CollectPropertyColumns(
        Type type,
        V1JSONSchemaProps schema,
        string jsonPath,
        List<V1CustomResourceColumnDefinition> columns,
        List<Type> visiting)
    {
        if (schema.Properties is null || visiting.Contains(type))
        {
            return;
        }

        visiting.Add(type);
        foreach (var property in InDeclarationOrder(SchemaProperties.Of(type)))
        {
            if (!schema.Properties.TryGetValue(property.JsonName, out var child))
            {
                continue;
            }

            var childPath = $"{jsonPath}.{property.JsonName}";
            if (property.Property.GetCustomAttribute<AdditionalPrinterColumnAttribute>(inherit: true) is { } column)
            {
                columns.Add(new V1CustomResourceColumnDefinition
                {
                    Name = column.Name ?? property.JsonName,
                    JsonPath = childPath,
                    Type = ColumnType(child),
                    Description = child.Description,
                    Format = column.Format,
                    Priority = Priority(column.Priority),
                });
            }

            var clrType = Nullable.GetUnderlyingType(property.Property.PropertyType) ?? property.Property.PropertyType;
            if (child.Type == SchemaTypes.Object && child.Properties is not null)
            {
                CollectPropertyColumns(clrType, child, childPath, columns, visiting);
            }
        }

        visiting.RemoveAt(visiting.Count - 1);
    }

    private static IEnumerable<SchemaProperty> InDeclarationOrder(IReadOnlyList<SchemaProperty> properties) =>
        properties
            .OrderBy(p => InheritanceDepth(p.Property.DeclaringType))
            .ThenBy(p => p.Property.MetadataToken);

    private static int InheritanceDepth(Type? type)
    {
        var depth = 0;
        for (var current = type?.BaseType; current is not null; current = current.BaseType)
        {
            depth++;
        }

        return depth;
    }

    private static string ColumnType(V1JSONSchemaProps schema) => schema switch
    {
        { Type: SchemaTypes.String, Format: SchemaTypes.DateTime } => "date",
        { Type: SchemaTypes.Integer or SchemaTypes.Number or SchemaTypes.Boolean or SchemaTypes.String } => schema.Type,
        _ => SchemaTypes.String, // kubectl prints arrays and objects as JSON text
    };

    private static int? Priority(PrinterColumnPriority priority) => priority == PrinterColumnPriority.WideView ? 1 : null;
}
