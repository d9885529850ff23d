using System.Text;
using CsCheck;
using CuKhoi.ServiceDefaults.Text;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>Properties over generated Vietnamese-looking text, NFC and NFD mixed.</summary>
public class VietnameseTextProperties
{
    // Letters with every mark the language uses, capitals, digits, spaces and a little punctuation.
    private const string Alphabet =
        "aăâbcdđeêghiklmnoôơpqrstuưvxy" +
        "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY" +
        "áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ" +
        "ẠẶỆỘỢỰĐỮ0129  -,.";

    private static readonly Gen<string> Text =
        Gen.Select(Gen.Char[Alphabet].Array[0, 16], Gen.Bool)
            .Select((chars, decompose) =>
            {
                var nfc = new string(chars).Normalize(NormalizationForm.FormC);
                return decompose ? nfc.Normalize(NormalizationForm.FormD) : nfc;
            });

    [Fact]
    public void Fold_is_idempotent() =>
        Text.Sample(text => VietnameseText.Fold(VietnameseText.Fold(text)) == VietnameseText.Fold(text), iter: 5_000);

    [Fact]
    public void Folded_text_has_no_marks_and_no_capitals() =>
        Text.Sample(text => VietnameseText.Fold(text).All(c => c < 128 && !char.IsUpper(c)), iter: 5_000);

    [Fact]
    public void Sort_key_byte_order_is_comparer_order() =>
        Gen.Select(Text, Text).Sample(
            (a, b) => Math.Sign(ByteOrder.Instance.Compare(VietnameseText.SortKey(a), VietnameseText.SortKey(b)))
                      == Math.Sign(VietnameseText.Comparer.Compare(a, b)),
            iter: 5_000);

    [Fact]
    public void Nfc_is_idempotent_and_keeps_the_fold() =>
        Text.Sample(
            text => VietnameseText.Nfc(VietnameseText.Nfc(text)) == VietnameseText.Nfc(text)
                    && VietnameseText.Fold(VietnameseText.Nfc(text)) == VietnameseText.Fold(text),
            iter: 5_000);
}
