using CsCheck;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.ServiceDefaults.Downstream;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CuKhoi.Testing.WireBytes;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>Answers relayed undecoded: the bytes that came are the bytes that go out.</summary>
public class VerbatimResponsesTests
{
    private static readonly Gen<string> Text = Gen.String[Gen.Char["aăâbcdđeêơưáàảãạếềộựữ AĐ0-,.<p>"], 0, 300];

    private static readonly Gen<Article> Articles =
        Gen.Select(Text, Text, Text, Gen.Enum<Article.Types.Status>(), Gen.Long[0, long.MaxValue], Text.Array[0, 4], Gen.Long[0, 253_402_300_799])
            .Select((id, title, body, status, views, tags, seconds) =>
            {
                var article = new Article { Id = id, Title = title, Body = body, Status = status, ViewCount = views, UpdateTime = new Timestamp { Seconds = seconds } };
                article.Tags.Add(tags);
                return article;
            });

    [Fact]
    public void Any_article_is_written_back_exactly_as_it_came() =>
        Articles.Sample(article =>
        {
            var wire = article.ToByteArray();
            var relayed = VerbatimMessage<Article>.Parse(Payload(wire));
            return relayed.ToByteArray().AsSpan().SequenceEqual(wire) && Article.Parser.ParseFrom(relayed.ToByteArray()).Equals(article);
        }, iter: 2_000);

    [Fact]
    public void A_message_made_from_a_slice_of_bytes_writes_out_exactly_that_slice() =>
        Articles.Sample(article =>
        {
            // A service's own encoding, somewhere inside a larger buffer.
            byte[] buffer = [0xFF, 0xFF, .. article.ToByteArray(), 0xFF];
            var made = VerbatimMessage<Article>.FromBytes(buffer, 2, buffer.Length - 3);
            return made.ToByteArray().AsSpan().SequenceEqual(buffer.AsSpan(2, buffer.Length - 3));
        }, iter: 1_000);

    [Fact]
    public void A_relayed_answer_keeps_its_bytes_after_the_buffer_it_was_read_from_is_reused()
    {
        // Parse reads from a pooled buffer; the next answer is read from the same one.
        byte[] first = [.. Field(2, new string('a', 5000)), .. Field(1, "a1")];
        byte[] second = [.. Field(2, new string('b', 5000)), .. Field(1, "b2")];

        var relayed = VerbatimMessage<Article>.Parse(Payload(first));
        var next = VerbatimMessage<Article>.Parse(Payload(second));

        Assert.Equal(first, relayed.ToByteArray());
        Assert.Equal(second, next.ToByteArray());
    }

    [Fact]
    public void A_relayed_message_reads_as_blank_and_keeps_field_order_and_unknown_fields()
    {
        // Title (3) before id (1), then a field no Article has: no encoder writes this order.
        byte[] wire = [.. Field(3, "Tiêu đề"), .. Field(1, "a1"), .. Field(900, "mới")];

        var relayed = VerbatimMessage<Article>.Parse(Payload(wire));

        Assert.Equal(wire, relayed.ToByteArray());
        Assert.Equal(string.Empty, relayed.Id); // nothing was decoded
        Assert.Equal(("a1", "Tiêu đề"), (Article.Parser.ParseFrom(wire).Id, Article.Parser.ParseFrom(wire).Title));
    }

    [Fact]
    public void An_empty_answer_is_a_blank_message()
    {
        var relayed = VerbatimMessage<Empty>.Parse(Payload([]));

        Assert.Empty(relayed.ToByteArray());
    }

    [Fact]
    public void A_type_that_is_not_a_generated_message_is_refused()
    {
        var error = Assert.Throws<TypeInitializationException>(() => VerbatimMessage<Plain>.Parse(Payload([])));

        Assert.Contains("cannot be relayed verbatim", error.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_answer_of_the_three_services_can_be_relayed()
    {
        var answers = new[] { ArticleService.Descriptor, Protos.Dvk.V1.DvkModelService.Descriptor, Protos.Contests.V1.ContestService.Descriptor }
            .SelectMany(service => service.Methods)
            .Select(method => method.OutputType.ClrType)
            .Distinct()
            .ToList();

        foreach (var type in answers)
        {
            var parse = typeof(VerbatimMessage<>).MakeGenericType(type).GetMethod(nameof(VerbatimMessage<Empty>.Parse))!;
            Assert.IsType(type, parse.Invoke(null, [Payload([.. Field(900, "x")])]));
        }

        Assert.True(answers.Count > 10, $"{answers.Count} answer types");
    }

    [Fact]
    public void Unary_and_stream_answers_are_relayed_and_the_request_and_name_kept()
    {
        var inner = new RecordingInvoker();
        var client = new ArticleService.ArticleServiceClient(new VerbatimResponses(inner));

        using var first = client.GetArticleAsync(new GetArticleRequest { Id = "a1" });
        using var second = client.GetArticleAsync(new GetArticleRequest { Id = "a2" });
        using var stream = client.ExportArticles(new ExportArticlesRequest());

        var unary = (Method<GetArticleRequest, Article>)inner.Methods[0];
        Assert.Equal("/cukhoi.articles.v1.ArticleService/GetArticle", unary.FullName);
        Assert.Same(unary, inner.Methods[1]); // made once per method
        var plain = new RecordingInvoker();
        using var direct = new ArticleService.ArticleServiceClient(plain).GetArticleAsync(new GetArticleRequest());
        Assert.Same(((Method<GetArticleRequest, Article>)plain.Methods[0]).RequestMarshaller, unary.RequestMarshaller);

        byte[] wire = [.. Field(3, "Tiêu đề"), .. Field(1, "a1")];
        Assert.Equal(wire, unary.ResponseMarshaller.ContextualDeserializer(Payload(wire)).ToByteArray());
        var streamed = (Method<ExportArticlesRequest, ExportArticlesResponse>)inner.Methods[2];
        byte[] line = [.. Field(2, "token"), .. Field(1, [.. Field(3, "Tiêu đề")])];
        Assert.Equal(line, streamed.ResponseMarshaller.ContextualDeserializer(Payload(line)).ToByteArray());
    }

    private sealed class Plain;

    /// <summary>Records the method each call was made with and answers nothing.</summary>
    private sealed class RecordingInvoker : CallInvoker
    {
        public List<object> Methods { get; } = [];

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            Methods.Add(method);
            return new AsyncUnaryCall<TResponse>(new TaskCompletionSource<TResponse>().Task, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            Methods.Add(method);
            return new AsyncServerStreamingCall<TResponse>(null!, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
    }
}
