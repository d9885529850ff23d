using System.Text.RegularExpressions;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;

namespace CuKhoi.DvkModels.Domain;

/// <summary>What a model must look like before it is stored (register and update alike).</summary>
public static partial class DvkModelRules
{
    public const int MinYear = 1990;
    public const int MaxYear = 2100;
    public const int MaxCodeLength = 32;
    public const int MaxNameLength = 300;
    public const int MaxOwnerUnitLength = 200;
    public const int MaxTopics = 20;
    public const int MaxTopicLength = 64;
    public const int MaxTextLength = 20_000;

    /// <summary>
    /// Trims the short fields, upper-cases the code and drops blank or repeated topics, so
    /// "  dvk-2020-01 " and "DVK-2020-01" are one code. Strings are already NFC (InputInterceptor).
    /// </summary>
    public static void Normalise(DvkModel model)
    {
        model.Code = model.Code.Trim().ToUpperInvariant();
        model.Name = model.Name.Trim();
        model.OwnerUnit = model.OwnerUnit.Trim();
        var topics = model.Topics.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        model.Topics.Clear();
        model.Topics.AddRange(topics);
    }

    /// <summary>Every bad field at once (400), paths as the REST body names them (`dvkModel.name`).</summary>
    public static void Validate(DvkModel model, bool codeRequired)
    {
        const string p = "dvkModel";
        var validation = new Validation();
        if (model.Code.Length > 0 || codeRequired)
        {
            validation.Required($"{p}.code", model.Code, "code", "Mã mô hình");
            if (model.Code.Length > MaxCodeLength || (model.Code.Length > 0 && !CodePattern().IsMatch(model.Code)))
            {
                validation.Add(
                    $"{p}.code",
                    $"code must be at most {MaxCodeLength} letters, digits and - _ . / (e.g. DVK-2020-01).",
                    $"Mã mô hình chỉ gồm tối đa {MaxCodeLength} chữ cái không dấu, chữ số và - _ . / (ví dụ DVK-2020-01).");
            }
        }

        validation
            .RequiredEnum($"{p}.kind", model.Kind, "kind", "Loại")
            .Required($"{p}.name", model.Name, "name", "Tên mô hình")
            .MaxLength($"{p}.name", model.Name, MaxNameLength, "name", "Tên mô hình")
            .Required($"{p}.ownerUnit", model.OwnerUnit, "ownerUnit", "Đơn vị thực hiện")
            .MaxLength($"{p}.ownerUnit", model.OwnerUnit, MaxOwnerUnitLength, "ownerUnit", "Đơn vị thực hiện")
            .RequiredEnum($"{p}.field", model.Field, "field", "Lĩnh vực")
            .Range($"{p}.year", model.Year, MinYear, MaxYear, "year", "Năm đăng ký")
            .MaxLength($"{p}.description", model.Description, MaxTextLength, "description", "Mô tả")
            .MaxLength($"{p}.objectives", model.Objectives, MaxTextLength, "objectives", "Mục tiêu")
            .MaxLength($"{p}.methods", model.Methods, MaxTextLength, "methods", "Cách làm")
            .MaxLength($"{p}.results", model.Results, MaxTextLength, "results", "Kết quả")
            .MaxLength($"{p}.beneficiaries", model.Beneficiaries, MaxTextLength, "beneficiaries", "Đối tượng thụ hưởng");

        if (model.Topics.Count > MaxTopics)
        {
            validation.Add($"{p}.topics", $"At most {MaxTopics} topics.", $"Không quá {MaxTopics} chủ đề.");
        }

        for (var i = 0; i < model.Topics.Count; i++)
        {
            validation.MaxLength($"{p}.topics[{i}]", model.Topics[i], MaxTopicLength, "topic", "Chủ đề");
        }

        if (model.StartDate is not null)
        {
            if (!CalendarDates.TryGet(model.StartDate, out var start))
            {
                validation.Add($"{p}.startDate", "startDate must be a valid calendar date.", "Ngày bắt đầu phải là một ngày hợp lệ.");
            }
            else if (start.Year is < MinYear or > MaxYear)
            {
                validation.Add($"{p}.startDate", $"startDate must be between {MinYear} and {MaxYear}.", $"Ngày bắt đầu phải trong khoảng năm {MinYear} đến {MaxYear}.");
            }
        }

        validation.ThrowIfInvalid();
    }

    /// <summary>The code is taken (the unique index on dvk_models.code): 409 ALREADY_EXISTS.</summary>
    public static RpcException DuplicateCode(string code) =>
        Problems.AlreadyExists("dvkModel.code", $"A DVK model with code '{code}' already exists.", $"Đã có mô hình Dân vận khéo mang mã '{code}'.");

    /// <summary>The code assigned when none is given: "DVK-{year}-{NN}", NN the next free number of that year.</summary>
    public static string AssignCode(int year, IEnumerable<string> codesOfYear)
    {
        var prefix = $"DVK-{year}-";
        var last = codesOfYear
            .Where(c => c.StartsWith(prefix, StringComparison.Ordinal))
            .Select(c => int.TryParse(c.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0)
            .Max();
        return $"{prefix}{last + 1:D2}";
    }

    [GeneratedRegex("^[A-Z0-9][A-Z0-9._/-]*$")]
    private static partial Regex CodePattern();
}
