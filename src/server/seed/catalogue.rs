//! The demo cast: twelve student artists from different colleges, and titles, media and notes for
//! their works. Everything here is invented.

use rand::rngs::StdRng;
use rand::Rng;

use super::painting::Style;
use crate::domain::GenrePath;

pub struct ArtistSeed {
    pub handle: &'static str,
    pub nickname: &'static str,
    pub real_name: &'static str,
    pub college: &'static str,
    pub verified: bool,
    pub bio: &'static str,
}

pub const ARTISTS: [ArtistSeed; 12] = [
    ArtistSeed {
        handle: "haneul",
        nickname: "하늘물감",
        real_name: "김하늘",
        college: "홍익대학교",
        verified: true,
        bio: "빛이 번지는 순간을 유화로 붙잡습니다. **서양화과 3학년**.",
    },
    ArtistSeed {
        handle: "seoyun",
        nickname: "서윤드로잉",
        real_name: "이서윤",
        college: "서울대학교",
        verified: true,
        bio: "도시의 골목과 사람들의 온기를 기록합니다.",
    },
    ArtistSeed {
        handle: "minjae",
        nickname: "민재조각",
        real_name: "박민재",
        college: "한국예술종합학교",
        verified: true,
        bio: "나무와 돌의 결을 따라 형태를 찾습니다. 조소과 4학년.",
    },
    ArtistSeed {
        handle: "jiwoo",
        nickname: "지우의정원",
        real_name: "최지우",
        college: "이화여자대학교",
        verified: true,
        bio: "정물과 식물, 조용한 것들의 초상을 그립니다.",
    },
    ArtistSeed {
        handle: "dohyun",
        nickname: "도현블루",
        real_name: "정도현",
        college: "중앙대학교",
        verified: false,
        bio: "파란색 하나로 바다와 새벽을 그립니다.",
    },
    ArtistSeed {
        handle: "yerin",
        nickname: "예린아틀리에",
        real_name: "강예린",
        college: "국민대학교",
        verified: true,
        bio: "추상과 색면, 그리고 리듬. 회화과 2학년.",
    },
    ArtistSeed {
        handle: "sumin",
        nickname: "수민흙",
        real_name: "윤수민",
        college: "성신여자대학교",
        verified: true,
        bio: "흙으로 빚은 작은 동물들을 만듭니다.",
    },
    ArtistSeed {
        handle: "taeyang",
        nickname: "태양스케치",
        real_name: "장태양",
        college: "경희대학교",
        verified: false,
        bio: "여행지의 풍경을 빠른 붓질로 남깁니다.",
    },
    ArtistSeed {
        handle: "nari",
        nickname: "나리캔버스",
        real_name: "임나리",
        college: "동덕여자대학교",
        verified: true,
        bio: "상상 속 동물과 꿈의 장면을 그립니다.",
    },
    ArtistSeed {
        handle: "junho",
        nickname: "준호메탈",
        real_name: "한준호",
        college: "서울과학기술대학교",
        verified: true,
        bio: "금속을 자르고 이어 붙여 선을 세웁니다.",
    },
    ArtistSeed {
        handle: "hayoung",
        nickname: "하영먹빛",
        real_name: "오하영",
        college: "추계예술대학교",
        verified: true,
        bio: "먹과 아크릴을 섞어 인물의 표정을 그립니다.",
    },
    ArtistSeed {
        handle: "eunseo",
        nickname: "은서의방",
        real_name: "서은서",
        college: "계명대학교",
        verified: false,
        bio: "작은 방 안의 빛과 그림자를 관찰합니다.",
    },
];

/// One demo work before it is placed in the taxonomy.
pub struct Work {
    pub title: String,
    pub medium: &'static str,
    pub genre_prefix: &'static str,
    pub style: Style,
    /// Width and height in millimetres.
    pub size_mm: (u32, u32),
    pub year: u16,
}

const PAINTING_TITLES: [(&str, &str, Style); 24] = [
    ("푸른 바다 유화", "회화/풍경", Style::Landscape),
    ("바다의 아침", "회화/풍경", Style::Landscape),
    ("한강의 저녁", "회화/풍경", Style::Landscape),
    ("겨울 능선", "회화/풍경", Style::Landscape),
    ("골목의 오후", "회화/풍경", Style::Gestural),
    ("붉은 들판", "회화/풍경", Style::Landscape),
    ("창가의 사과", "회화/정물", Style::Geometric),
    ("유리병과 레몬", "회화/정물", Style::Geometric),
    ("말린 꽃", "회화/정물", Style::Gestural),
    ("할머니의 손", "회화/인물", Style::Gestural),
    ("거울 속의 나", "회화/인물", Style::ColourField),
    ("잠든 친구", "회화/인물", Style::Gestural),
    ("고양이의 낮잠", "회화/동물", Style::Gestural),
    ("새벽의 사슴", "회화/동물", Style::Landscape),
    ("달을 삼킨 고래", "회화/상상", Style::Geometric),
    ("구름 위의 도시", "회화/상상", Style::Landscape),
    ("꿈의 정원", "회화/상상", Style::Gestural),
    ("색의 리듬 No.3", "회화/추상", Style::Geometric),
    ("주황과 남색", "회화/추상", Style::ColourField),
    ("침묵의 면", "회화/추상", Style::ColourField),
    ("Blue Hour", "회화/추상", Style::ColourField),
    ("선과 원", "회화/추상", Style::Geometric),
    ("여름의 잔상", "회화/추상", Style::Gestural),
    ("Seoul Night 서울의 밤", "회화/풍경", Style::Geometric),
];

const SCULPTURE_TITLES: [(&str, &str, &str); 6] = [
    ("숨 쉬는 나무", "조소/조각", "참나무"),
    ("돌의 기억", "조소/조각", "화강암"),
    ("철의 선", "조소/조각", "철, 용접"),
    ("작은 곰", "조소/소조", "테라코타"),
    ("앉아 있는 사람", "조소/소조", "시멘트"),
    ("청동의 새", "조소/소조", "브론즈"),
];

const PAINT_MEDIA: [&str; 5] = ["캔버스에 유채", "캔버스에 아크릴", "종이에 수채", "한지에 먹, 아크릴", "패널에 혼합재료"];

/// The `n`th demo work: mostly paintings, every sixth a sculpture, every 29th an 기타 piece.
pub fn work(n: usize, rng: &mut StdRng) -> Work {
    let year = 2024 + (n % 3) as u16;
    if n % 29 == 13 {
        return Work {
            title: "종이 모빌 — 바람의 모양".into(),
            medium: "한지, 철사",
            genre_prefix: "기타",
            style: Style::Geometric,
            size_mm: (600, 900),
            year,
        };
    }
    if n % 6 == 2 {
        let (title, prefix, medium) = SCULPTURE_TITLES[(n / 6) % SCULPTURE_TITLES.len()];
        return Work {
            title: numbered(title, n / 6 / SCULPTURE_TITLES.len()),
            medium,
            genre_prefix: prefix,
            style: Style::Geometric,
            size_mm: (rng.gen_range(20..60) * 10, rng.gen_range(30..90) * 10),
            year,
        };
    }
    let (title, prefix, style) = PAINTING_TITLES[n % PAINTING_TITLES.len()];
    let size = rng.gen_range(20..=100) * 10;
    Work {
        title: numbered(title, n / PAINTING_TITLES.len()),
        medium: PAINT_MEDIA[rng.gen_range(0..PAINT_MEDIA.len())],
        genre_prefix: prefix,
        style,
        size_mm: (size, size * rng.gen_range(7..=13) / 10),
        year,
    }
}

fn numbered(title: &str, round: usize) -> String {
    if round == 0 {
        title.to_string()
    } else {
        format!("{title} {}", round + 1)
    }
}

/// A short markdown note in the artist's voice.
pub fn description(work: &Work, artist: &ArtistSeed, genre: &GenrePath) -> String {
    format!(
        "## {title}\n\n{nickname}의 {year}년 작품입니다. {medium}로 작업했습니다.\n\n\
         - 장르: {genre}\n- 작가 소속: {college}\n\n\
         작업 노트: 같은 장면을 여러 번 다시 보며, 처음 느낀 온도를 잃지 않으려 했습니다. \
         액자 없이 발송되며, 작품 뒷면에 서명이 있습니다.",
        title = work.title,
        nickname = artist.nickname,
        year = work.year,
        medium = work.medium,
        genre = genre.display(),
        college = artist.college,
    )
}
