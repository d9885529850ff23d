using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CuKhoi.Gateway.Http;

/// <summary>What a method's descriptor says about its REST route: the google.api.http rule, path templates.</summary>
public static partial class ProtoMethods
{
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

    /// <summary>A template without its custom verb: "/api/v1/articles/{id}:publish" → "/api/v1/articles/{id}".</summary>
    public static string WithoutVerb(string template)
    {
        var colon = template.LastIndexOf(':');
        return colon > template.LastIndexOf('}') ? template[..colon] : template;
    }

    /// <summary>The field paths a template names ("contest_id", "entry.id").</summary>
    public static IEnumerable<string> Variables(string template) =>
        Variable().Matches(template).Select(m => m.Groups["path"].Value);

    /// <summary>Whether a dotted field path exists in a message type (every step but the last a message).</summary>
    public static bool HasPath(MessageDescriptor message, string path)
    {
        MessageDescriptor? current = message;
        foreach (var name in path.Split('.'))
        {
            if (current?.FindFieldByName(name) is not { } field)
            {
                return false;
            }

            current = field.FieldType == FieldType.Message ? field.MessageType : null;
        }

        return true;
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
