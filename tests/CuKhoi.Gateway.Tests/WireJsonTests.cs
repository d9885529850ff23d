using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using CuKhoi.Gateway.Http;
using CuKhoi.Gateway.Rules;
using CuKhoi.Gateway.Tests.Protos;
using CuKhoi.Gateway.Tests.Support;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// Export lines written from protobuf bytes (<see cref="WireJson"/>) say what protobuf's own
/// JSON formatter says of the decoded message, for every kind of field and for the three
/// exports' messages; their strings are escaped byte for byte as System.Text.Json escapes them.
/// (<see cref="ExportTests"/> holds a line against JSON transcoding's own answer.)
/// </summary>
public sealed class WireJsonTests
{
    private static readonly GrpcJsonSettings Settings = new() { WriteInt64sAsStrings = true };

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    [Fact]
    public void Every_kind_of_field_reads_as_protobufs_formatter_writes_it() =>
        Gen.Int.Sample(seed => AssertSameAsFormatter(RandomMessages.Create<WireJsonProbe>(seed)), iter: 2_000);

    [Fact]
    public void The_three_exports_lines_read_as_protobufs_formatter_writes_them() =>
        Gen.Int.Sample(
            seed =>
            {
                AssertSameAsFormatter(RandomMessages.Create<ExportArticlesResponse>(seed));
                AssertSameAsFormatter(RandomMessages.Create<ExportDvkModelsResponse>(seed));
                AssertSameAsFormatter(RandomMessages.Create<ExportEntriesResponse>(seed));
            },
            iter: 500);

    /// <summary>A REST read's JSON is written from the relayed bytes (RelayedJson) when WireJson writes its type.</summary>
    [Fact]
    public void Every_forwarded_rest_reads_answer_is_written_from_its_bytes_as_protobufs_formatter_writes_it()
    {
        var answers = new[] { ArticleService.Descriptor, DvkModelService.Descriptor, ContestService.Descriptor }
            .SelectMany(service => service.Methods)
            .Where(method => !method.IsServerStreaming && RpcRules.For(method).IsRead)
            .Select(method => method.OutputType)
            .Distinct()
            .ToList();

        // Maps are not WireJson's: the two statistics answers are decoded, and transcoding writes them.
        Assert.Equal(["cukhoi.dvk.v1.DvkStatistics", "cukhoi.contests.v1.ContestStatistics"], answers.Where(a => WireJson.TryFor(a, Settings) is null).Select(a => a.FullName));
        var written = answers.Where(a => WireJson.TryFor(a, Settings) is not null).ToList();
        Assert.Contains(Article.Descriptor, written);
        Assert.Contains(ListArticlesResponse.Descriptor, written);
        foreach (var answer in written)
        {
            Gen.Int.Sample(seed => AssertSameAsFormatter(RandomMessages.Create(answer, seed)), iter: 200);
        }
    }

    [Fact]
    public void Fields_out_of_order_split_or_unknown_read_as_the_decoded_message()
    {
        var inner = new WireJsonProbe.Types.Inner { Text = "trong", Number = 7 }.ToByteArray();
        byte[] wire = [
            .. WireBytes.Field(25, "sau"),
            .. WireBytes.Field(14, "Dân vận khéo"),
            .. WireBytes.Field(900, "trường mới"),
            .. WireBytes.Field(25, "trước"),
            .. WireBytes.Field(17, inner),
            .. WireBytes.Field(17, new WireJsonProbe.Types.Inner { Number = 9 }.ToByteArray()),
        ];

        var json = Write(WireJsonProbe.Descriptor, wire);

        var decoded = WireJsonProbe.Parser.ParseFrom(wire);
        Assert.Equal(["sau", "trước"], decoded.Strings);
        Assert.Equal(("trong", 9), (decoded.Inner.Text, decoded.Inner.Number));
        AssertSameJson(Formatter.Format(decoded), json);
    }

    [Fact]
    public void Packed_and_unpacked_repeated_numbers_read_the_same()
    {
        var packed = new WireJsonProbe { Int32S = { 1, -2, int.MaxValue }, Colours = { WireJsonProbe.Types.Colour.Red, (WireJsonProbe.Types.Colour)77 } }.ToByteArray();
        var unpacked = new MemoryStream();
        var output = new CodedOutputStream(unpacked);
        foreach (var value in new[] { 1, -2, int.MaxValue })
        {
            output.WriteTag(WireJsonProbe.Int32SFieldNumber, WireFormat.WireType.Varint);
            output.WriteInt32(value);
        }

        foreach (var value in new[] { 1, 77 })
        {
            output.WriteTag(WireJsonProbe.ColoursFieldNumber, WireFormat.WireType.Varint);
            output.WriteEnum(value);
        }

        output.Flush();

        var json = Write(WireJsonProbe.Descriptor, unpacked.ToArray());

        Assert.Equal(Write(WireJsonProbe.Descriptor, packed), json);
        var line = JsonNode.Parse(json)!;
        Assert.Equal("[1,-2,2147483647]", line["int32s"]!.ToJsonString());
        Assert.Equal("[\"RED\",77]", line["colours"]!.ToJsonString());
    }

    [Fact]
    public void Defaults_are_written_for_fields_without_presence_only()
    {
        var line = JsonNode.Parse(Write(WireJsonProbe.Descriptor, []))!.AsObject();

        Assert.Equal("0", line["anInt64"]!.GetValue<string>());
        Assert.Equal("COLOUR_UNSPECIFIED", line["colour"]!.GetValue<string>());
        Assert.Equal("", line["aString"]!.GetValue<string>());
        Assert.Equal("[]", line["strings"]!.ToJsonString());
        Assert.False(line.ContainsKey("inner"));
        Assert.False(line.ContainsKey("maybeInt32"));
        Assert.False(line.ContainsKey("chosenText"));

        var set = JsonNode.Parse(Write(WireJsonProbe.Descriptor, new WireJsonProbe { MaybeInt32 = 0, Nothing = new Empty(), ChosenText = "" }.ToByteArray()))!.AsObject();
        Assert.Equal(0, set["maybeInt32"]!.GetValue<int>());
        Assert.Equal("{}", set["nothing"]!.ToJsonString());
        Assert.Equal("", set["chosenText"]!.GetValue<string>());
    }

    [Fact]
    public void Settings_change_what_transcoding_would_change()
    {
        var wire = new WireJsonProbe { AnInt64 = 5, Colour = WireJsonProbe.Types.Colour.Green }.ToByteArray();

        var line = JsonNode.Parse(Write(WireJsonProbe.Descriptor, wire, new GrpcJsonSettings { WriteInt64sAsStrings = false, WriteEnumsAsIntegers = true, IgnoreDefaultValues = true }))!.AsObject();

        Assert.Equal(5, line["anInt64"]!.GetValue<long>());
        Assert.Equal(2, line["colour"]!.GetValue<int>());
        Assert.Equal(["anInt64", "colour"], line.Select(p => p.Key));
    }

    [Fact]
    public void Types_it_does_not_write_are_refused_when_it_is_built()
    {
        Assert.Throws<NotSupportedException>(() => WireJson.For(DvkStatistics.Descriptor, Settings));
        Assert.Throws<NotSupportedException>(() => WireJson.For(Struct.Descriptor, Settings));
        Assert.Throws<NotSupportedException>(() => WireJson.For(WireJsonProbe.Descriptor, new GrpcJsonSettings { RemoveEnumPrefix = true }));
    }

    [Fact]
    public void Bytes_that_are_not_a_message_are_an_error_not_a_line()
    {
        Assert.Throws<InvalidDataException>(() => Write(WireJsonProbe.Descriptor, [0x72, 0x05, 0x61]));
        // Protobuf refuses to decode such a string, so transcoding failed the line as well.
        var notUtf8 = WireBytes.Field(14, [0xC3, 0x28]);
        Assert.Throws<InvalidProtocolBufferException>(() => WireJsonProbe.Parser.ParseFrom(notUtf8));
        Assert.Throws<InvalidDataException>(() => Write(WireJsonProbe.Descriptor, notUtf8));
    }

    [Fact]
    public void Text_is_escaped_byte_for_byte_as_the_json_writer_escapes_it()
    {
        var bytes = Gen.Byte.Array[0, 40];
        Gen.OneOf(Gen.Int.Select(seed => Encoding.UTF8.GetBytes(RandomMessages.Text(new Random(seed)))), bytes)
            .Sample(text =>
            {
                var actual = Capture(w => JsonStrings.Write(text, w));
                if (!System.Text.Unicode.Utf8.IsValid(text))
                {
                    Assert.IsType<InvalidDataException>(actual.Error);
                    return;
                }

                Assert.Null(actual.Error);
                Assert.Equal(Capture(w => w.WriteStringValue(text)).Json, actual.Json);
            }, iter: 5_000);
    }

    private static void AssertSameAsFormatter(IMessage message) =>
        AssertSameJson(Formatter.Format(message), Write(message.Descriptor, message.ToByteArray()));

    private static string Write(MessageDescriptor descriptor, byte[] wire, GrpcJsonSettings? settings = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = WireJson.Encoder, SkipValidation = true }))
        {
            WireJson.For(descriptor, settings ?? Settings).Write(wire, writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static (string? Json, Exception? Error) Capture(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = WireJson.Encoder, SkipValidation = true });
            write(writer);
            writer.Flush();
            return (Encoding.UTF8.GetString(buffer.WrittenSpan), null);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or InvalidDataException)
        {
            return (null, e);
        }
    }

    /// <summary>Equal as JSON: the same members (in any order), strings equal, numbers equal as doubles or as floats.</summary>
    private static void AssertSameJson(string expected, string actual)
    {
        if (!Same(JsonNode.Parse(expected), JsonNode.Parse(actual)))
        {
            Assert.Fail($"Not the same JSON.\nformatter: {expected}\nwire json: {actual}");
        }
    }

    private static bool Same(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var other) && Same(p.Value, other)),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(pair => Same(pair.First, pair.Second)),
        (JsonValue x, JsonValue y) when x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number =>
            x.GetValue<double>().Equals(y.GetValue<double>()) || ((float)x.GetValue<double>()).Equals((float)y.GetValue<double>()),
        (JsonValue x, JsonValue y) => x.ToJsonString() == y.ToJsonString(),
        _ => false,
    };
}
