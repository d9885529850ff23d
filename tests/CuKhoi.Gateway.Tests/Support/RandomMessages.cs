using System.Collections;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace CuKhoi.Gateway.Tests.Support;

/// <summary>
/// Messages of any type with random contents, from a seed: each field set or left unset,
/// repeated fields with 0 to 3 values, numbers at their edges, text with Vietnamese letters,
/// characters JSON escapes and characters outside the BMP, enum numbers the proto does not name.
/// </summary>
public static class RandomMessages
{
    private const string Letters =
        "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậếềểễệốồổỗộớờởỡợứừửữựíìỉĩịúùủũụýỳỷỹỵĐƯ AZ09 <>&'+`\"\\/\n\t\r\b\f\u0001\u001f\u007f\u0080\u00ad\u0300\u2028\u2029\ufeff\uffff漢";

    public static T Create<T>(int seed)
        where T : IMessage, new()
    {
        var message = new T();
        Fill(message, new Random(seed), 0);
        return message;
    }

    /// <summary>The same for a type known by its descriptor.</summary>
    public static IMessage Create(MessageDescriptor type, int seed)
    {
        var message = type.Parser.ParseFrom(ByteString.Empty);
        Fill(message, new Random(seed), 0);
        return message;
    }

    public static string Text(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(random.Next(4) == 0 ? 300 : 12); i > 0; i--)
        {
            if (random.Next(40) == 0)
            {
                text.Append("😀");
            }
            else
            {
                text.Append(Letters[random.Next(Letters.Length)]);
            }
        }

        return text.ToString();
    }

    private static void Fill(IMessage message, Random random, int depth)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.IsMap)
            {
                continue;
            }

            if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                for (var i = random.Next(depth > 2 ? 1 : 4); i > 0; i--)
                {
                    list.Add(Value(field, random, depth));
                }
            }
            else if (random.Next(3) != 0)
            {
                field.Accessor.SetValue(message, Value(field, random, depth));
            }
        }
    }

    private static object Value(FieldDescriptor field, Random random, int depth) => field.FieldType switch
    {
        FieldType.String => Text(random),
        FieldType.Bytes => ByteString.CopyFrom(Enumerable.Range(0, random.Next(8)).Select(_ => (byte)random.Next(256)).ToArray()),
        FieldType.Bool => random.Next(2) == 0,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Pick(random, 0, -1, 1, int.MinValue, int.MaxValue, random.Next(int.MinValue, int.MaxValue)),
        FieldType.UInt32 or FieldType.Fixed32 => Pick(random, 0u, 1u, uint.MaxValue, (uint)random.Next()),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Pick(random, 0L, -1L, long.MinValue, long.MaxValue, random.NextInt64(long.MinValue, long.MaxValue)),
        FieldType.UInt64 or FieldType.Fixed64 => Pick(random, 0UL, 1UL, ulong.MaxValue, (ulong)random.NextInt64()),
        FieldType.Double => Pick(random, 0d, -0d, 1.5, -2.25, 1e-7, 123456789.123, double.MaxValue, double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity, random.NextDouble() * 1000),
        FieldType.Float => Pick(random, 0f, 0.1f, -3.5f, float.MaxValue, float.NaN, float.NegativeInfinity, (float)random.NextDouble()),
        FieldType.Enum => System.Enum.ToObject(field.EnumType.ClrType, Pick(random, 0, 1, 2, 77, field.EnumType.Values[random.Next(field.EnumType.Values.Count)].Number)),
        FieldType.Message when field.MessageType.FullName == Timestamp.Descriptor.FullName => new Timestamp
        {
            Seconds = random.NextInt64(-62_135_596_800, 253_402_300_800),
            Nanos = Pick(random, 0, 5_000_000, 123_000, 999_999_999, random.Next(1_000_000_000)),
        },
        FieldType.Message => Nested(field.MessageType, random, depth),
        _ => throw new NotSupportedException(field.FieldType.ToString()),
    };

    private static IMessage Nested(MessageDescriptor type, Random random, int depth)
    {
        var message = type.Parser.ParseFrom(ByteString.Empty);
        if (depth < 3)
        {
            Fill(message, random, depth + 1);
        }

        return message;
    }

    private static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];
}
