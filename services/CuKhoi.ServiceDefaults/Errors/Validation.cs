using Google.Rpc;
using FieldViolation = Google.Rpc.BadRequest.Types.FieldViolation;

namespace CuKhoi.ServiceDefaults.Errors;

/// <summary>
/// Collects field violations so a caller learns every bad field at once, then throws
/// one INVALID_ARGUMENT. Field paths are proto field paths in lowerCamelCase
/// (`article.title`), as the REST body names them.
/// </summary>
public sealed class Validation
{
    private readonly List<FieldViolation> _violations = [];

    public bool IsValid => _violations.Count == 0;

    public Validation Add(string field, string description, string descriptionVi)
    {
        _violations.Add(Problems.Violation(field, description, descriptionVi));
        return this;
    }

    public Validation Required(string field, string? value, string label, string labelVi)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{label} is required.", $"{labelVi} là bắt buộc.");
        }

        return this;
    }

    /// <summary>Length in Unicode text elements' code points after NFC (what a person counts).</summary>
    public Validation MaxLength(string field, string? value, int max, string label, string labelVi)
    {
        if (value is not null && value.EnumerateRunes().Count() > max)
        {
            Add(field, $"{label} must be at most {max} characters.", $"{labelVi} không được dài quá {max} ký tự.");
        }

        return this;
    }

    public Validation Range(string field, long value, long min, long max, string label, string labelVi)
    {
        if (value < min || value > max)
        {
            Add(field, $"{label} must be between {min} and {max}.", $"{labelVi} phải nằm trong khoảng {min} đến {max}.");
        }

        return this;
    }

    public Validation Range(string field, double value, double min, double max, string label, string labelVi)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            Add(field, $"{label} must be between {min} and {max}.", $"{labelVi} phải nằm trong khoảng {min} đến {max}.");
        }

        return this;
    }

    /// <summary>An enum field that is required: the zero value (…_UNSPECIFIED) is never accepted.</summary>
    public Validation RequiredEnum<TEnum>(string field, TEnum value, string label, string labelVi)
        where TEnum : struct, Enum
    {
        if (Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0 || !Enum.IsDefined(value))
        {
            var allowed = string.Join(", ", EnumNames.Allowed<TEnum>());
            Add(field, $"{label} must be one of: {allowed}.", $"{labelVi} phải là một trong các giá trị: {allowed}.");
        }

        return this;
    }

    /// <summary>An optional enum filter: unspecified is fine, an unknown number is not.</summary>
    public Validation KnownEnum<TEnum>(string field, TEnum value, string label, string labelVi)
        where TEnum : struct, Enum
    {
        if (Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0 && !Enum.IsDefined(value))
        {
            var allowed = string.Join(", ", EnumNames.Allowed<TEnum>());
            Add(field, $"{label} must be one of: {allowed}.", $"{labelVi} phải là một trong các giá trị: {allowed}.");
        }

        return this;
    }

    public void ThrowIfInvalid()
    {
        if (_violations.Count > 0)
        {
            throw Problems.InvalidArguments(_violations);
        }
    }
}
