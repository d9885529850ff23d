using System.Text;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CuKhoi.Gateway.Operations;

/// <summary>
/// Message and enum schemas as the wire has them (the proto3 JSON mapping), described by the
/// proto comments: 64-bit integers are strings, timestamps RFC 3339 date-times, OUTPUT_ONLY
/// fields read-only, REQUIRED fields say so, and every enum lists its values with what each
/// means. Grpc.Swagger builds the shapes from the descriptors; this only corrects and
/// describes them.
/// </summary>
public sealed class OpenApiSchemas(OpenApiComments comments) : ISchemaFilter
{
    public void Apply(OpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.MemberInfo is null && typeof(IMessage).IsAssignableFrom(context.Type) && DescriptorOf(context.Type) is { } message)
        {
            schema.Description ??= comments.ForType(context.Type);
            foreach (var field in message.Fields.InFieldNumberOrder())
            {
                if (schema.Properties.TryGetValue(field.JsonName, out var property))
                {
                    Describe(property, field);
                    if (property is { AllOf.Count: 1, Description: null, ReadOnly: false })
                    {
                        // Nothing said beside the $ref: the reference itself.
                        schema.Properties[field.JsonName] = property.AllOf[0];
                    }
                }
            }
        }
        else if (context is { MemberInfo: null, ParameterInfo: null } && context.Type.IsEnum && comments.ForEnumValues(context.Type) is { Count: > 0 } values)
        {
            DescribeEnum(schema, comments.ForType(context.Type), values);
        }
    }

    /// <summary>A query or path parameter bound to a field takes the field's wire shape and comment.</summary>
    public void Describe(OpenApiParameter parameter, FieldDescriptor field)
    {
        parameter.Description ??= comments.ForField(field);
        if (parameter.Schema is { Reference: null, AllOf.Count: 1 } wrapped)
        {
            // The description is the parameter's: no allOf wrapper needed around the $ref.
            parameter.Schema = wrapped.AllOf[0];
        }
        else if (parameter.Schema is { Reference: null } schema)
        {
            WireShape(field.IsRepeated && schema.Items is not null ? schema.Items : schema, field);
        }
    }

    private void Describe(OpenApiSchema property, FieldDescriptor field)
    {
        // The proto3 JSON mapping leaves a field out rather than writing null.
        property.Nullable = false;
        var behaviour = field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior) ?? [];
        var text = new StringBuilder(comments.ForField(field) ?? string.Empty);
        if (behaviour.Contains(FieldBehavior.Required))
        {
            // Resources are also PATCH bodies, where only the fields sent change.
            text.Append(text.Length > 0 ? " " : string.Empty)
                .Append(field.ContainingType.FindFieldByName("etag") is null ? "Required." : "Required when creating.");
        }

        if (text.Length > 0)
        {
            property.Description = text.ToString();
        }

        if (behaviour.Contains(FieldBehavior.OutputOnly))
        {
            property.ReadOnly = true;
        }

        if (property.Reference is null)
        {
            WireShape(field.IsRepeated && !field.IsMap && property.Items is not null ? property.Items : property, field);
        }
    }

    /// <summary>What the proto3 JSON mapping writes for the field (Swashbuckle sees only the CLR type).</summary>
    private static void WireShape(OpenApiSchema schema, FieldDescriptor field)
    {
        switch (field.FieldType)
        {
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                (schema.Type, schema.Format) = ("string", "int64");
                break;
            case FieldType.UInt64 or FieldType.Fixed64:
                (schema.Type, schema.Format) = ("string", "uint64");
                break;
            case FieldType.Message when field.MessageType.FullName == Timestamp.Descriptor.FullName:
                schema.Format = "date-time";
                break;
            case FieldType.Message when field.MessageType.FullName == FieldMask.Descriptor.FullName:
                schema.Description ??= "Field paths separated by commas, e.g. \"summary,tags\".";
                break;
        }
    }

    /// <summary>The enum's names as the wire has them, and a line per value with its comment.</summary>
    private static void DescribeEnum(OpenApiSchema schema, string? summary, IReadOnlyList<(string Name, string? Comment)> values)
    {
        schema.Type = "string";
        schema.Format = null;
        schema.Enum = values.Select(v => (IOpenApiAny)new OpenApiString(v.Name)).ToList();
        var text = new StringBuilder(summary ?? string.Empty).Append(summary is null ? string.Empty : "\n\n");
        foreach (var (name, comment) in values)
        {
            text.Append("- `").Append(name).Append('`').Append(comment is null ? string.Empty : ": " + comment).Append('\n');
        }

        schema.Description = text.ToString().TrimEnd();
    }

    private static MessageDescriptor? DescriptorOf(System.Type type) =>
        type.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null) as MessageDescriptor;
}
