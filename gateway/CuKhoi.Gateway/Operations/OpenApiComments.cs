using System.Reflection;
using System.Xml.Linq;
using Google.Protobuf.Reflection;

namespace CuKhoi.Gateway.Operations;

/// <summary>
/// The proto comments, as the OpenAPI document shows them. protoc writes every leading
/// comment of a service, rpc, message, field and enum value as the `///` summary of the C#
/// it generates; CuKhoi.Protos is built with GenerateDocumentationFile, and its
/// CuKhoi.Protos.xml is copied next to every host that references it (build and publish).
/// So the document's summaries and descriptions are the protos' own words, never a second
/// copy written here. An rpc comment's first paragraph is the operation's summary, the
/// paragraphs after it its description.
/// </summary>
public sealed class OpenApiComments
{
    private readonly Dictionary<string, string> _members;

    private OpenApiComments(Dictionary<string, string> members) => _members = members;

    /// <summary>The docs of the assembly <paramref name="generated"/> lives in; empty when its XML file is missing (the lint in CI then fails on the missing summaries).</summary>
    public static OpenApiComments Of(Assembly generated)
    {
        var file = Path.Combine(AppContext.BaseDirectory, generated.GetName().Name + ".xml");
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        if (File.Exists(file))
        {
            foreach (var member in XDocument.Load(file).Descendants("member"))
            {
                if (member.Attribute("name")?.Value is { } name && member.Element("summary")?.Value is { } summary)
                {
                    members[name] = summary;
                }
            }
        }

        return new OpenApiComments(members);
    }

    /// <summary>An rpc's comment, from the generated service base class ("ArticleService.ArticleServiceBase.ListArticles(...)").</summary>
    public (string? Summary, string? Description) ForMethod(Type serviceType, MethodDescriptor method)
    {
        var generatedBase = GeneratedBase(serviceType);
        if (generatedBase is null)
        {
            return (null, null);
        }

        var prefix = $"M:{Name(generatedBase)}.{method.Name}(";
        var text = _members.FirstOrDefault(m => m.Key.StartsWith(prefix, StringComparison.Ordinal)).Value;
        var paragraphs = Paragraphs(text);
        return paragraphs.Count == 0
            ? (null, null)
            : (paragraphs[0].TrimEnd('.'), paragraphs.Count > 1 ? string.Join("\n\n", paragraphs.Skip(1)) : null);
    }

    /// <summary>A service's comment (the generated static class "ArticleService" around its base).</summary>
    public string? ForService(Type serviceType) => GeneratedBase(serviceType)?.DeclaringType is { } service ? ForType(service) : null;

    /// <summary>A service's, message's or enum's comment.</summary>
    public string? ForType(Type type) => Text($"T:{Name(type)}");

    /// <summary>A field's comment, from its generated property.</summary>
    public string? ForField(FieldDescriptor field) =>
        PropertyOf(field) is { } property ? Text($"P:{Name(property.DeclaringType!)}.{property.Name}") : null;

    /// <summary>A proto enum's values in declaration order, each with its comment ([OriginalName("DRAFT")] Draft).</summary>
    public IReadOnlyList<(string Name, string? Comment)> ForEnumValues(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (Field: f, Original: f.GetCustomAttribute<OriginalNameAttribute>()))
            .Where(v => v.Original is not null)
            .Select(v => (v.Original!.Name, Text($"F:{Name(enumType)}.{v.Field.Name}")))
            .ToList();

    /// <summary>The generated property of a field: "page_size" → PageSize (protoc's PascalCase, compared without underscores).</summary>
    public static PropertyInfo? PropertyOf(FieldDescriptor field) =>
        field.ContainingType.ClrType?.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(p.Name, field.Name.Replace("_", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));

    private string? Text(string member) =>
        _members.TryGetValue(member, out var text) && Paragraphs(text) is { Count: > 0 } paragraphs ? string.Join("\n\n", paragraphs) : null;

    /// <summary>protoc keeps the comment's lines and blank lines: a blank line ends a paragraph, a line break inside one is a space.</summary>
    private static List<string> Paragraphs(string? text)
    {
        var paragraphs = new List<string>();
        var current = new List<string>();
        foreach (var line in (text ?? string.Empty).Split('\n').Select(l => l.Trim()).Append(string.Empty))
        {
            if (line.Length > 0)
            {
                current.Add(line);
            }
            else if (current.Count > 0)
            {
                paragraphs.Add(string.Join(' ', current));
                current.Clear();
            }
        }

        return paragraphs;
    }

    /// <summary>The generated "XServiceBase" a served class derives from (the gateway's forwarders, the report service).</summary>
    private static Type? GeneratedBase(Type serviceType)
    {
        for (var type = serviceType; type is not null; type = type.BaseType)
        {
            if (type.IsDefined(typeof(Grpc.Core.BindServiceMethodAttribute), inherit: false))
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>XML doc member names write nested types with dots: "Article+Types+Status" → "Article.Types.Status".</summary>
    private static string Name(Type type) => (type.FullName ?? type.Name).Replace('+', '.');
}
