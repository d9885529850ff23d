using CuKhoi.Contests.Domain;
using static CuKhoi.Protos.Contests.V1.ContestEntry.Types;
using static CuKhoi.Protos.Contests.V1.Subject.Types;

namespace CuKhoi.Contests.Seed;

/// <summary>
/// The 2020 contests of the seed document (shared/seed/cu-khoi-dan-van-2020.txt): "Phát
/// động viết 11 bài dự thi viết về điển hình Dân vận khéo, trong đó có 01 bài được Quận
/// gửi dự thi cấp Thành phố". Authors, units, subjects and texts are invented sample data;
/// every body starts with the line "(Dữ liệu mẫu)".
/// </summary>
public static class SampleContests
{
    public const string SampleMarker = "(Dữ liệu mẫu)";

    // Fixed ids (UUIDv7 layout, March 2020) so the README and tests can name them.
    public const string WardContestId = "01710000000070008000000000000001";
    public const string DistrictContestId = "01710000000070008000000000000002";
    public const string CityContestId = "01710000000070008000000000000003";

    /// <summary>
    /// DVK models some entries write about. Ids and names copied from the DVK service's
    /// sample data (services/CuKhoi.DvkModels/Seed/SampleDvkModels.cs and DvkSampleData.cs);
    /// no project reference: the contests service keeps only this snapshot of the name and
    /// never calls the DVK service when seeding.
    /// </summary>
    public static class DvkModels
    {
        /// <summary>DVK-2020-01, the model the district commended in 2020.</summary>
        public const string GpmbTeamId = "d7c00000000070008000000000000001";
        public const string GpmbTeamName = "Tổ dân vận đồng hành cùng nhân dân trong giải phóng mặt bằng";

        /// <summary>DVK-2020-02.</summary>
        public const string SecurityCamerasId = "d7c00000000070008000000000000002";
        public const string SecurityCamerasName = "Camera an ninh – “mắt thần” khu dân cư";

        /// <summary>DVK-2019-01.</summary>
        public const string VeteransClubId = "d7c00000000070008000000000000010";
        public const string VeteransClubName = "Câu lạc bộ Cựu chiến binh với công tác hòa giải và giữ gìn trật tự";
    }

    public sealed record SampleEntry(
        string Id,
        string Title,
        string Genre,
        string Text,
        AuthorData[] Authors,
        Kind SubjectKind,
        string SubjectName,
        string? DvkModelId,
        Status Status,
        (string Judge, double Score)[] Scores,
        Prize Prize,
        DateTimeOffset SubmitTime);

    private static readonly (string Judge1, string Judge2) WardJudges = ("Nguyễn Thị Thu Hằng", "Lê Văn Thắng");

    public static readonly (DateOnly Opens, DateOnly Closes) WardDates = (new(2020, 3, 2), new(2020, 8, 31));
    public static readonly (DateOnly Opens, DateOnly Closes) DistrictDates = (new(2020, 3, 1), new(2020, 9, 30));
    public static readonly (DateOnly Opens, DateOnly Closes) CityDates = (new(2020, 3, 1), new(2020, 10, 31));

    /// <summary>
    /// The 11 ward entries. The first two are forwarded to the district; the first (about
    /// the model the district commended) goes on to the city.
    /// </summary>
    public static IReadOnlyList<SampleEntry> WardEntries { get; } =
    [
        Entry(1, "Người tổ trưởng “gõ cửa từng nhà” vận động giải phóng mặt bằng", "Bút ký",
            "Ba năm liền, bà Hòa đi từng ngõ, gõ cửa từng nhà để lắng nghe, giải thích và đồng hành cùng các hộ dân có đất bị thu hồi. Nhờ cách làm gần dân, sát dân, tổ dân phố đã bàn giao mặt bằng đúng tiến độ mà không có đơn thư khiếu nại.",
            [new("Trần Thị Minh Nguyệt", "Chi bộ Tổ dân phố số 5", "0900 000 101")],
            Kind.Model, DvkModels.GpmbTeamName, DvkModels.GpmbTeamId, Status.Forwarded, [(WardJudges.Judge1, 90), (WardJudges.Judge2, 86)], Prize.Unspecified, new(2020, 4, 14, 2, 30, 0, TimeSpan.Zero)),
        Entry(2, "Chi hội phụ nữ và con đường hoa tự quản", "Ghi chép",
            "Từ một bãi đất trống đầy rác thải, các hội viên phụ nữ tổ dân phố số 3 đã cùng nhau trồng hoa, lắp đèn và chia ca chăm sóc. Con đường hoa trở thành niềm tự hào của khu dân cư và là minh chứng cho sức mạnh của sự đồng thuận.",
            [new("Nguyễn Thị Hương Giang", "Hội Phụ nữ phường", "0900 000 102"), new("Đỗ Thị Lan", "Hội Phụ nữ phường", "")],
            Kind.Collective, "Chi hội Phụ nữ Tổ dân phố số 3", null, Status.Forwarded, [(WardJudges.Judge1, 85), (WardJudges.Judge2, 85)], Prize.Unspecified, new(2020, 4, 20, 8, 0, 0, TimeSpan.Zero)),
        Entry(3, "Đồng hành cùng bà con giáo xứ", "Bút ký",
            "Cán bộ dân vận phường thường xuyên gặp gỡ chức sắc và giáo dân, cùng tổ chức các hoạt động từ thiện, giữ gìn vệ sinh môi trường và an ninh trật tự. Quan hệ lương giáo ngày càng gắn bó, khu dân cư văn minh hơn.",
            [new("Phạm Văn Đức", "Mặt trận Tổ quốc phường", "0900 000 103")],
            Kind.Collective, "Ban công tác Mặt trận Tổ dân phố số 3", null, Status.Awarded, [(WardJudges.Judge1, 84), (WardJudges.Judge2, 84)], Prize.First, new(2020, 5, 5, 3, 15, 0, TimeSpan.Zero)),
        Entry(4, "Thanh niên tình nguyện trên những con ngõ nhỏ", "Phóng sự",
            "Mỗi tối thứ bảy, các đoàn viên thanh niên lại tỏa về các ngõ nhỏ để dọn vệ sinh, sơn lại tường rào và hướng dẫn người cao tuổi sử dụng dịch vụ công trực tuyến. Việc nhỏ nhưng đều đặn đã làm thay đổi diện mạo khu phố.",
            [new("Vũ Hoàng Nam", "Đoàn Thanh niên phường", "0900 000 104")],
            Kind.Collective, "Đoàn Thanh niên phường Cự Khối", null, Status.Awarded, [(WardJudges.Judge1, 80), (WardJudges.Judge2, 80)], Prize.Second, new(2020, 5, 18, 9, 45, 0, TimeSpan.Zero)),
        Entry(5, "Người cựu chiến binh giữ bình yên cho xóm", "Tản văn",
            "Ông Khải, thành viên câu lạc bộ cựu chiến binh của phường, đã ngoài bảy mươi tuổi nhưng vẫn đi tuần cùng tổ bảo vệ dân phố. Ông hòa giải mâu thuẫn hàng xóm bằng sự kiên nhẫn và lòng tin của bà con.",
            [new("Lê Thị Thu Trang", "Hội Cựu chiến binh phường", "0900 000 105")],
            Kind.Model, DvkModels.VeteransClubName, DvkModels.VeteransClubId, Status.Awarded, [(WardJudges.Judge1, 79), (WardJudges.Judge2, 77)], Prize.Third, new(2020, 6, 1, 1, 0, 0, TimeSpan.Zero)),
        Entry(6, "Bếp ăn yêu thương của chi bộ", "Ghi chép",
            "Chi bộ tổ dân phố số 8 vận động đảng viên và nhân dân góp gạo, góp công nấu những bữa cơm miễn phí cho bệnh nhân nghèo. Mô hình lan tỏa tinh thần tương thân tương ái trong khu dân cư.",
            [new("Hoàng Thị Mai", "Chi bộ Tổ dân phố số 8", "0900 000 106")],
            Kind.Collective, "Chi bộ Tổ dân phố số 8", null, Status.Awarded, [(WardJudges.Judge1, 76), (WardJudges.Judge2, 74)], Prize.Consolation, new(2020, 6, 9, 4, 20, 0, TimeSpan.Zero)),
        Entry(7, "Cô giáo vận động học sinh bỏ học trở lại lớp", "Bút ký",
            "Bằng những buổi đến nhà trò chuyện cùng phụ huynh, cô giáo chủ nhiệm đã giúp ba học sinh có hoàn cảnh khó khăn trở lại trường học.",
            [new("Bùi Thị Ngọc Ánh", "Chi bộ Trường Tiểu học", "0900 000 107")],
            Kind.Individual, "Cô giáo Đặng Thị Thanh Xuân", null, Status.NotAwarded, [(WardJudges.Judge1, 72), (WardJudges.Judge2, 70)], Prize.Unspecified, new(2020, 6, 22, 7, 0, 0, TimeSpan.Zero)),
        Entry(8, "Tổ hòa giải ở cơ sở – nơi gỡ những nút thắt", "Phóng sự",
            "Tổ hòa giải tổ dân phố số 2 đã hòa giải thành nhiều vụ việc tranh chấp đất đai, giữ gìn tình làng nghĩa xóm.",
            [new("Trịnh Văn Hùng", "Chi bộ Tổ dân phố số 2", "0900 000 108")],
            Kind.Collective, "Tổ hòa giải Tổ dân phố số 2", null, Status.NotAwarded, [(WardJudges.Judge1, 68), (WardJudges.Judge2, 70)], Prize.Unspecified, new(2020, 7, 3, 2, 0, 0, TimeSpan.Zero)),
        Entry(9, "Hội nông dân chuyển đổi cây trồng ven đê", "Ghi chép",
            "Hội Nông dân phường vận động hội viên chuyển đổi sang trồng rau an toàn, tăng thu nhập và giữ đất sạch ven đê.",
            [new("Nguyễn Văn Tuấn", "Hội Nông dân phường", "")],
            Kind.Collective, "Hội Nông dân phường Cự Khối", null, Status.NotAwarded, [(WardJudges.Judge1, 66), (WardJudges.Judge2, 64)], Prize.Unspecified, new(2020, 7, 15, 6, 30, 0, TimeSpan.Zero)),
        Entry(10, "Công an phường gần dân", "Bút ký",
            "Các chiến sĩ công an phường vận động các hộ gia đình cùng lắp camera an ninh ở đầu ngõ, phối hợp với tổ dân phố tuyên truyền phòng chống tội phạm.",
            [new("Đinh Quang Vinh", "Chi bộ Công an phường", "0900 000 110")],
            Kind.Model, DvkModels.SecurityCamerasName, DvkModels.SecurityCamerasId, Status.NotAwarded, [], Prize.Unspecified, new(2020, 8, 10, 3, 0, 0, TimeSpan.Zero)),
        Entry(11, "Nhật ký một ngày ở phường", "Tản văn",
            "Một ngày làm việc ở bộ phận một cửa của phường, kể lại theo lời một người dân.",
            [new("Phan Thị Yến", "Chi bộ Tổ dân phố số 6", "0900 000 111")],
            Kind.Individual, "Cán bộ bộ phận một cửa", null, Status.Invalid, [], Prize.Unspecified, new(2020, 8, 28, 10, 0, 0, TimeSpan.Zero)),
    ];

    /// <summary>Ward entries 1 and 2 reach the district; entry 1's district copy reaches the city.</summary>
    public static readonly string DistrictCopy1 = Id(0xd01);
    public static readonly string DistrictCopy2 = Id(0xd02);
    public static readonly string CityCopy1 = Id(0xc01);

    public static string WardEntryId(int n) => Id(0xe00 + n);

    private static SampleEntry Entry(
        int n, string title, string genre, string text, AuthorData[] authors, Kind kind, string subjectName, string? modelId,
        Status status, (string, double)[] scores, Prize prize, DateTimeOffset submitTime) =>
        new(WardEntryId(n), title, genre, $"{SampleMarker}\n{text}", authors, kind, subjectName, modelId, status, scores, prize, submitTime);

    private static string Id(int n) => $"0171000000007000800000000000{n:x4}";
}
