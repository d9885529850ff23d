using System.Text.RegularExpressions;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Protos.Reports.V1;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CuKhoi.Gateway.Http;

/// <summary>The proto descriptors of the public services, looked up by gRPC method full name.</summary>
public static partial class ProtoMethods
{
    private static readonly Dictionary<string, MethodDescriptor> Methods =
        new[] { ArticleService.Descriptor, DvkModelService.Descriptor, ContestService.Descriptor, ReportService.Descriptor }
            .SelectMany(s => s.Methods)
            .ToDictionary(m => $"/{m.Service.FullName}/{m.Name}", StringComparer.Ordinal);

    public static MethodDescriptor? Find(string fullMethod) => Methods.GetValueOrDefault(fullMethod);

    /// <summary>The REST path template of a method ("/api/v1/articles/{id}"), from its google.api.http rule.</summary>
    public static string? PathTemplate(MethodDescriptor method)
    {
        var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        return rule?.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => rule.Get,
            HttpRule.PatternOneofCase.Post => rule.Post,
            HttpRule.PatternOneofCase.Patch => rule.Patch,
            HttpRule.PatternOneofCase.Put => rule.Put,
            HttpRule.PatternOneofCase.Delete => rule.Delete,
            _ => null,
        };
    }

    /// <summary>The field a REST body binds to ("article"), or null for "*" or no body.</summary>
    public static FieldDescriptor? BodyField(MethodDescriptor method)
    {
        var body = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http)?.Body;
        return string.IsNullOrEmpty(body) || body == "*" ? null : method.InputType.FindFieldByName(body);
    }

    /// <summary>
    /// Fills a path template from a message's fields ("/api/v1/contests/{contest_id}/entries/{id}");
    /// null when a variable is missing or empty.
    /// </summary>
    public static string? Render(string template, IMessage message)
    {
        var complete = true;
        var path = Variable().Replace(template, match =>
        {
            var value = Value(message, match.Groups["path"].Value.Split('.'));
            complete &= !string.IsNullOrEmpty(value);
            return Uri.EscapeDataString(value ?? string.Empty);
        });
        return complete ? path : null;
    }

    private static string? Value(IMessage message, string[] path)
    {
        object? current = message;
        foreach (var name in path)
        {
            if (current is not IMessage node || node.Descriptor.FindFieldByName(name) is not { } field)
            {
                return null;
            }

            current = field.Accessor.GetValue(node);
        }

        return current?.ToString();
    }

    [GeneratedRegex(@"\{(?<path>[A-Za-z0-9_.]+)(=[^}]*)?\}")]
    private static partial Regex Variable();
}
