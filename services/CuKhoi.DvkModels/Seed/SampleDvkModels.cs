namespace CuKhoi.DvkModels.Seed;

/// <summary>
/// Fixed ids of the sample models (`Seed:Sample=true`), so other services' sample data
/// (contest entries about a model) can point at them. 32 hex characters like every id.
/// </summary>
public static class SampleDvkModels
{
    /// <summary>DVK-2020-01, the model the district (UBND quận Long Biên) commended in 2020.</summary>
    public const string GpmbTeam = "d7c00000000070008000000000000001";

    /// <summary>DVK-2020-02, Chi bộ Công an phường: security cameras; WARD 2020.</summary>
    public const string SecurityCameras = "d7c00000000070008000000000000002";

    /// <summary>DVK-2021-01, Catholic parishioners and a civilised neighbourhood (tôn giáo); WARD 2021.</summary>
    public const string ParishNeighbourhood = "d7c00000000070008000000000000003";

    /// <summary>DVK-2021-02, Hội Phụ nữ: women helping one another in household economy; IMPLEMENTING.</summary>
    public const string WomenHouseholdEconomy = "d7c00000000070008000000000000004";

    /// <summary>DVK-2021-03, Đoàn Thanh niên: clean and green dyke road; UNDER_REVIEW.</summary>
    public const string YouthDykeRoad = "d7c00000000070008000000000000005";

    /// <summary>DVK-2022-01, a chi bộ's notebook of residents' opinions; WARD 2022.</summary>
    public const string PartyCellNotebook = "d7c00000000070008000000000000006";

    /// <summary>DVK-2022-02, exemplary individual who gave land to widen the lane (GPMB); WARD 2022.</summary>
    public const string LandDonor = "d7c00000000070008000000000000007";

    /// <summary>DVK-2023-01, exemplary collective in grassroots mediation; REGISTERED.</summary>
    public const string MediationCollective = "d7c00000000070008000000000000008";

    /// <summary>DVK-2023-02, Công an phường and religious festivals (tôn giáo); SUSPENDED.</summary>
    public const string FestivalSecurity = "d7c00000000070008000000000000009";

    /// <summary>DVK-2019-01, veterans' mediation club; CLOSED.</summary>
    public const string VeteransClub = "d7c00000000070008000000000000010";

    public static IReadOnlyList<string> All { get; } =
    [
        GpmbTeam, SecurityCameras, ParishNeighbourhood, WomenHouseholdEconomy, YouthDykeRoad,
        PartyCellNotebook, LandDonor, MediationCollective, FestivalSecurity, VeteransClub,
    ];
}
