using System.Text;
using AngleSharp.Dom;
using Ganss.Xss;

namespace CuKhoi.Articles.Domain;

/// <summary>
/// Article bodies are HTML pasted from editors and Word: kept only on a narrow allow-list
/// (no scripts, styles, frames, forms, event handlers or non-http URLs), and turned into
/// plain text for search and previews.
/// </summary>
public sealed class ArticleHtml
{
    public const int PreviewLength = 200;

    private static readonly string[] Tags =
    [
        "p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "blockquote", "h2", "h3", "h4",
        "a", "img", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    ];

    // Elements after which text flows on as a new word (a paragraph end is a word break).
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "li", "ul", "ol", "blockquote", "h2", "h3", "h4", "table", "caption", "tr", "th", "td", "img",
    };

    // Removed elements keep their text (a Word <div> or <span> still reads), except these,
    // whose content is code or form furniture, never prose.
    private static readonly HashSet<string> DropWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "select", "svg", "math", "head", "title", "frameset", "noembed", "noframes", "xmp",
    };

    // HtmlSanitizer is thread-safe once configured, so one instance serves every call. It is
    // made on the first write: building it loads AngleSharp and its CSS and entity tables (about
    // 10 MiB that stay resident), which a host that only serves reads never needs.
    private readonly Lazy<HtmlSanitizer> _sanitizer = new(Create);

    private static HtmlSanitizer Create()
    {
        var options = HtmlSanitizerOptions.Empty();
        foreach (var tag in Tags)
        {
            options.AllowedTags.Add(tag);
        }

        foreach (var attribute in new[] { "href", "src", "alt", "title", "colspan", "rowspan" })
        {
            options.AllowedAttributes.Add(attribute);
        }

        foreach (var scheme in new[] { "http", "https", "mailto" })
        {
            options.AllowedSchemes.Add(scheme);
        }

        options.UriAttributes.Add("href");
        options.UriAttributes.Add("src");
        var sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };
        sanitizer.RemovingTag += (_, e) =>
        {
            if (DropWithContent.Contains(e.Tag.LocalName))
            {
                e.Tag.TextContent = string.Empty;
            }
        };
        // The sanitiser has already checked the scheme list; this narrows it per tag (no mailto
        // images) and drops relative URLs, which would resolve against whatever page embeds the body.
        sanitizer.FilterUrl += (_, e) => e.SanitizedUrl = e.SanitizedUrl is { } url && AllowedUrl(e.Tag.LocalName, url) ? url : null;
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { LocalName: "a" } link && link.HasAttribute("href"))
            {
                // Links leave the portal: the opened page must not get a handle on ours.
                link.SetAttribute("rel", "noopener");
            }
        };
        return sanitizer;
    }

    /// <summary>The body as stored: only allow-listed tags, attributes and URLs remain.</summary>
    public string Sanitize(string? html) =>
        string.IsNullOrWhiteSpace(html) ? string.Empty : _sanitizer.Value.Sanitize(html).Trim();

    /// <summary>
    /// Plain-text paragraphs as a stored body and its text, without the parser: each paragraph
    /// in its own <c>&lt;p&gt;</c>, its text escaped as the sanitiser writes text. The same as
    /// <see cref="Sanitize"/> and <see cref="ToText"/> of the paragraphs HTML-encoded
    /// (ArticleHtmlTests compares the two on every sample), for the sample seeder, which runs at
    /// start, where loading AngleSharp would keep about 10 MiB resident in an idle host.
    /// </summary>
    public static (string Html, string Text) FromParagraphs(IReadOnlyList<string> paragraphs)
    {
        var html = new StringBuilder();
        foreach (var paragraph in paragraphs)
        {
            html.Append(html.Length == 0 ? "<p>" : "\n<p>");
            foreach (var c in paragraph)
            {
                _ = c switch
                {
                    '&' => html.Append("&amp;"),
                    '<' => html.Append("&lt;"),
                    '>' => html.Append("&gt;"),
                    '\u00A0' => html.Append("&nbsp;"),
                    _ => html.Append(c),
                };
            }
            html.Append("</p>");
        }

        return (html.ToString(), Collapse(string.Join(' ', paragraphs)));
    }

    /// <summary>Plain text of sanitised HTML: tags dropped, entities decoded, whitespace collapsed.</summary>
    public static string ToText(string sanitizedHtml)
    {
        if (sanitizedHtml.Length == 0)
        {
            return string.Empty;
        }

        var parser = new AngleSharp.Html.Parser.HtmlParser();
        var document = parser.ParseDocument("<body></body>");
        var nodes = parser.ParseFragment(sanitizedHtml, document.Body!);
        var text = new StringBuilder(sanitizedHtml.Length);
        foreach (var node in nodes)
        {
            AppendText(node, text);
        }

        return Collapse(text.ToString());
    }

    /// <summary>The first ~200 characters of the text, cut at a word boundary.</summary>
    public static string Preview(string text)
    {
        if (text.Length <= PreviewLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', PreviewLength);
        return string.Concat(text.AsSpan(0, cut > PreviewLength / 2 ? cut : PreviewLength).TrimEnd(), "…");
    }

    /// <summary>
    /// The same preview of UTF-8 text (a row's bytes), decoding only what it reads: the first
    /// <see cref="PreviewLength"/> + 1 characters, which take at most three bytes each, cut back
    /// to a whole character. A read of an article without a summary no longer decodes its whole
    /// body text to show 200 characters of it.
    /// </summary>
    public static string Preview(ReadOnlySpan<byte> utf8)
    {
        var reach = (3 * (PreviewLength + 1)) + 3;
        if (utf8.Length > reach)
        {
            while ((utf8[reach] & 0xC0) == 0x80)
            {
                reach--;
            }

            utf8 = utf8[..reach];
        }

        return Preview(Encoding.UTF8.GetString(utf8));
    }

    private static bool AllowedUrl(string tag, string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || (tag == "a" && uri.Scheme == Uri.UriSchemeMailto);
    }

    private static void AppendText(INode node, StringBuilder text)
    {
        if (node is IText textNode)
        {
            text.Append(textNode.Data);
            return;
        }

        foreach (var child in node.ChildNodes)
        {
            AppendText(child, text);
        }

        if (node is IElement element && Blocks.Contains(element.LocalName))
        {
            text.Append(' ');
        }
    }

    private static string Collapse(string text)
    {
        var collapsed = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (collapsed.Length > 0 && collapsed[^1] != ' ')
                {
                    collapsed.Append(' ');
                }
            }
            else
            {
                collapsed.Append(c);
            }
        }

        return collapsed.ToString().TrimEnd();
    }
}
