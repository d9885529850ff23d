using System.Buffers;
using System.Diagnostics;
using System.Text;
using CuKhoi.Articles.Data;
using CuKhoi.Articles.Domain;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Downstream;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using Status = CuKhoi.Protos.Articles.V1.Article.Types.Status;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace CuKhoi.Articles.Grpc;

/// <summary>
/// An article encoded straight from the row's bytes, as <see cref="ArticleMapping.ToProto"/> and
/// protobuf would encode it, byte for byte (fields in number order, defaults left out;
/// ArticleWireTests compares the two), without a .NET string or message object per field: an
/// export line (an <see cref="ExportArticlesResponse"/>) and GetArticle's answer.
/// </summary>
public static class ArticleWire
{
    /// <summary>
    /// GetArticle's answer: an <see cref="Article"/> that writes out the row's encoding (it
    /// reads as empty: it is for gRPC to send, not for code here to read).
    /// </summary>
    public static Article Message(ArticleBytes row)
    {
        var fields = new Fields(row);
        var size = fields.ArticleSize();
        // The message copies what it keeps: the bytes are scratch, from the pool.
        var bytes = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var writer = new ProtoWire.Writer(bytes.AsSpan(0, size));
            fields.WriteArticle(ref writer);
            Debug.Assert(writer.Position == size, "the sizes and the writes name the same fields");
            return VerbatimMessage<Article>.FromBytes(bytes, 0, size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>One export line, <c>new ExportArticlesResponse { Article = ToProto(row), ResumeToken = token }</c>.</summary>
    public static ValueTask WriteExportLineAsync(EncodedFrames frames, ArticleBytes row, string resumeToken)
    {
        var fields = new Fields(row);
        var token = Encoding.UTF8.GetBytes(resumeToken);
        var articleSize = fields.ArticleSize();
        var size = ProtoWire.DelimitedSize(ExportArticlesResponse.ArticleFieldNumber, articleSize)
            + ProtoWire.BytesFieldSize(ExportArticlesResponse.ResumeTokenFieldNumber, token);
        var writer = new ProtoWire.Writer(frames.Begin(size));
        writer.Delimited(ExportArticlesResponse.ArticleFieldNumber, articleSize);
        fields.WriteArticle(ref writer);
        writer.BytesField(ExportArticlesResponse.ResumeTokenFieldNumber, token);
        Debug.Assert(writer.Position == size, "the sizes and the writes name the same fields");
        return frames.CommitAsync(size);
    }

    /// <summary>The fields of one article, as ArticleMapping.ToProto derives them.</summary>
    private readonly ref struct Fields(ArticleBytes row)
    {
        private readonly ArticleBytes _row = row;
        private readonly ReadOnlySpan<byte> _summary = row.Summary.Length > 0
            ? row.Summary
            : Encoding.UTF8.GetBytes(ArticleHtml.Preview(row.BodyText));
        private readonly long _status = (long)EnumNames.Parse<Status>(row.Status);
        private readonly ReadOnlySpan<byte> _etag = Encoding.UTF8.GetBytes(Etags.Of(row.Version));

        public int ArticleSize()
        {
            var size = ProtoWire.BytesFieldSize(Article.IdFieldNumber, _row.IdUtf8)
                + ProtoWire.BytesFieldSize(Article.SlugFieldNumber, _row.Slug)
                + ProtoWire.BytesFieldSize(Article.TitleFieldNumber, _row.Title)
                + ProtoWire.BytesFieldSize(Article.SummaryFieldNumber, _summary)
                + ProtoWire.BytesFieldSize(Article.BodyFieldNumber, _row.Body)
                + ProtoWire.BytesFieldSize(Article.BodyTextFieldNumber, _row.BodyText)
                + ProtoWire.BytesFieldSize(Article.CategoryFieldNumber, _row.Category);
            foreach (var tag in _row.Tags)
            {
                size += ProtoWire.DelimitedSize(Article.TagsFieldNumber, tag.Length);
            }

            size += ProtoWire.BytesFieldSize(Article.AuthorFieldNumber, _row.Author)
                + ProtoWire.BytesFieldSize(Article.SourceFieldNumber, _row.Source)
                + ProtoWire.VarintFieldSize(Article.StatusFieldNumber, _status);
            if (_row.PublishTime is { } publish)
            {
                size += TimestampFieldSize(Article.PublishTimeFieldNumber, publish);
            }

            return size
                + TimestampFieldSize(Article.CreateTimeFieldNumber, _row.CreateTime)
                + TimestampFieldSize(Article.UpdateTimeFieldNumber, _row.UpdateTime)
                + ProtoWire.VarintFieldSize(Article.ViewCountFieldNumber, _row.ViewCount)
                + ProtoWire.BytesFieldSize(Article.EtagFieldNumber, _etag);
        }

        public void WriteArticle(ref ProtoWire.Writer writer)
        {
            writer.BytesField(Article.IdFieldNumber, _row.IdUtf8);
            writer.BytesField(Article.SlugFieldNumber, _row.Slug);
            writer.BytesField(Article.TitleFieldNumber, _row.Title);
            writer.BytesField(Article.SummaryFieldNumber, _summary);
            writer.BytesField(Article.BodyFieldNumber, _row.Body);
            writer.BytesField(Article.BodyTextFieldNumber, _row.BodyText);
            writer.BytesField(Article.CategoryFieldNumber, _row.Category);
            foreach (var tag in _row.Tags)
            {
                writer.RepeatedBytes(Article.TagsFieldNumber, tag);
            }

            writer.BytesField(Article.AuthorFieldNumber, _row.Author);
            writer.BytesField(Article.SourceFieldNumber, _row.Source);
            writer.VarintField(Article.StatusFieldNumber, _status);
            if (_row.PublishTime is { } publish)
            {
                WriteTimestamp(ref writer, Article.PublishTimeFieldNumber, publish);
            }

            WriteTimestamp(ref writer, Article.CreateTimeFieldNumber, _row.CreateTime);
            WriteTimestamp(ref writer, Article.UpdateTimeFieldNumber, _row.UpdateTime);
            writer.VarintField(Article.ViewCountFieldNumber, _row.ViewCount);
            writer.BytesField(Article.EtagFieldNumber, _etag);
        }

        private static int TimestampFieldSize(int field, long micros)
        {
            var (seconds, nanos) = SecondsAndNanos(micros);
            return ProtoWire.DelimitedSize(field, TimestampSize(seconds, nanos));
        }

        private static void WriteTimestamp(ref ProtoWire.Writer writer, int field, long micros)
        {
            var (seconds, nanos) = SecondsAndNanos(micros);
            writer.Delimited(field, TimestampSize(seconds, nanos));
            writer.VarintField(Timestamp.SecondsFieldNumber, seconds);
            writer.VarintField(Timestamp.NanosFieldNumber, nanos);
        }

        private static int TimestampSize(long seconds, long nanos) =>
            ProtoWire.VarintFieldSize(Timestamp.SecondsFieldNumber, seconds) + ProtoWire.VarintFieldSize(Timestamp.NanosFieldNumber, nanos);

        /// <summary>Clock.ToTimestamp's split: whole seconds rounded down, the rest as non-negative nanoseconds.</summary>
        private static (long Seconds, long Nanos) SecondsAndNanos(long micros)
        {
            var seconds = Math.DivRem(micros, 1_000_000, out var rest);
            return rest < 0 ? (seconds - 1, (rest + 1_000_000) * 1000) : (seconds, rest * 1000);
        }
    }
}
