//! Who may call which server function, for every function the server registers: the
//! list below says it once per function, a test fails the day a function is added
//! without a line here, and every line is tried by every kind of caller it is not for
//! (anonymous, a teacher, a company user, a coordinator, another company, another
//! region, another site) through the real server. Each call must be refused and change
//! nothing.

use app::api;
use app::domain::{Region, Role};
use leptos::server_fn::ServerFn;

use crate::common::{TestApp, account, browser, count, insert_company, logged_in, snapshot};

/// Who a server function is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum For {
    /// Everyone: visitors, students, kiosk screens (public reads, the forms students send).
    Anyone,
    /// Whoever holds a mailed link; the matrix sends a made-up one.
    LinkHolder,
    /// A paired TV, known by its cookie.
    Screen,
    /// Anyone signed in.
    SignedIn,
    Coordinator,
    Company,
    /// A company user or a coordinator (events, screens).
    Manager,
    /// A coordinator or a teacher (registering students' interests).
    Registrar,
}

/// One registered function: who it is for, and arguments that decode. With `named`, the
/// arguments name a thing of Vonk Metaal (in the Kempen): another company and the
/// IJmond's coordinator must then find nothing.
struct Line {
    path: &'static str,
    who: For,
    body: String,
    named: bool,
}

fn line<S: ServerFn + serde::Serialize>(who: For, args: S) -> Line {
    Line {
        path: S::PATH,
        who,
        body: serde_qs::to_string(&args).expect("encode arguments"),
        named: false,
    }
}

/// The same, naming a thing of Vonk's or of the Kempen.
fn about<S: ServerFn + serde::Serialize>(who: For, args: S) -> Line {
    Line {
        named: true,
        ..line(who, args)
    }
}

/// The ids of the things the lines name.
#[derive(Clone, Copy, Default)]
struct Named {
    company: i64,
    placement: i64,
    event: i64,
    screen: i64,
    interest: i64,
}

/// Every server function with who it is for. A new function belongs here the day it is
/// written: `every_registered_function_says_who_it_is_for` fails until it is.
fn lines(n: Named) -> Vec<Line> {
    use For::*;
    use api::accounts::*;
    use api::board::*;
    use api::candidates::*;
    use api::companies::*;
    use api::dashboard::*;
    use api::events::*;
    use api::interests::*;
    use api::own_placements::*;
    use api::own_profile::*;
    use api::placements::*;
    use api::recognition::*;
    use api::regions::*;
    use api::registrations::*;
    use api::screens::*;
    use api::search::*;
    use api::sign_ups::*;
    use api::suggestions::*;
    use app::domain::*;

    let token = || "a".repeat(64);
    vec![
        // Public reads and what students and teachers send without an account.
        line(
            Anyone,
            GetCompany {
                slug: "vonk-metaal".into(),
            },
        ),
        line(
            Anyone,
            GetPlacement {
                slug: "vonk-metaal".into(),
                id: n.placement,
            },
        ),
        line(Anyone, ListRegionSummaries {}),
        line(
            Anyone,
            SearchCompanies {
                query: String::new(),
                marker_zoom: 10,
            },
        ),
        line(
            Anyone,
            SearchMarkers {
                query: String::new(),
                marker_zoom: 10,
            },
        ),
        line(
            Anyone,
            FindEvents {
                search: EventSearch::default(),
            },
        ),
        line(Anyone, GetPublicEvent { id: n.event }),
        line(Anyone, EventOccupancy { event_id: n.event }),
        line(
            Anyone,
            ExpressInterest {
                placement_id: n.placement,
                form: InterestForm::default(),
            },
        ),
        line(
            Anyone,
            ExpressEventInterest {
                event_id: n.event,
                form: InterestForm::default(),
            },
        ),
        line(
            Anyone,
            SignUpClass {
                event_id: n.event,
                form: SignUpForm::default(),
            },
        ),
        line(Anyone, LoadScreen {}),
        line(
            Anyone,
            LogIn {
                email: "niemand@example.nl".into(),
                password: "x".into(),
            },
        ),
        line(Anyone, LogOut {}),
        line(Anyone, ForgotPassword { email: String::new() }),
        // Mailed links.
        line(
            LinkHolder,
            SetPassword {
                token: token(),
                password: "draaibank-op-woensdag".into(),
                repeated: "draaibank-op-woensdag".into(),
            },
        ),
        line(LinkHolder, LoadOwnInterests { token: token() }),
        line(LinkHolder, ConfirmInterest { token: token() }),
        line(
            LinkHolder,
            WithdrawInterest {
                token: token(),
                id: n.interest,
                version: 1,
            },
        ),
        line(
            LinkHolder,
            AcceptMeeting {
                token: token(),
                id: n.interest,
                version: 1,
                moment: String::new(),
            },
        ),
        line(
            LinkHolder,
            KeepMyInterests {
                token: token(),
                keep: true,
            },
        ),
        line(LinkHolder, DeleteMyData { token: token() }),
        line(LinkHolder, LoadConsentRequest { token: token() }),
        line(
            LinkHolder,
            AnswerGuardianRequest {
                token: token(),
                agree: true,
            },
        ),
        line(LinkHolder, ConfirmSignUp { token: token() }),
        line(LinkHolder, LoadSignUp { token: token() }),
        line(
            LinkHolder,
            ChangeSignUp {
                token: token(),
                change: SignUpChange::Cancel,
                head_count: String::new(),
            },
        ),
        // The TV itself.
        line(
            Screen,
            ScreenHeartbeat {
                slide: String::new(),
                build: String::new(),
                width: 1920,
                height: 1080,
            },
        ),
        // Signed in, any role.
        line(SignedIn, Dashboard {}),
        line(SignedIn, WorkspaceAccess {}),
        // The coordinator's workspace.
        line(Coordinator, WorkspaceInvitations {}),
        line(Coordinator, WorkspaceCompanies { search: String::new() }),
        line(Coordinator, WorkspaceOutbox { search: String::new() }),
        line(Coordinator, WorkspaceChanges {}),
        line(
            Coordinator,
            Invite {
                form: InviteForm::default(),
            },
        ),
        line(
            Coordinator,
            InviteTeacher {
                form: accounts::TeacherInviteForm::default(),
            },
        ),
        line(
            Coordinator,
            InterestBoard {
                filters: BoardFilters::default(),
            },
        ),
        about(
            Coordinator,
            MoveInterest {
                id: n.interest,
                version: 2,
                stage: "in-review".into(),
            },
        ),
        about(
            Coordinator,
            CloseInterest {
                id: n.interest,
                version: 2,
                form: CloseForm {
                    reason: "no-match".into(),
                    declined_by: "student".into(),
                    feedback: String::new(),
                },
            },
        ),
        about(Coordinator, InterestMatch { id: n.interest }),
        about(Coordinator, PlacementMatch { id: n.placement }),
        about(
            Coordinator,
            IntroduceInterest {
                id: n.interest,
                version: 2,
                placement: n.placement,
            },
        ),
        about(
            Coordinator,
            SetRecognition {
                company_id: n.company,
                version: 1,
                recognised: true,
            },
        ),
        // A company's own data.
        line(Company, LoadOwnProfile {}),
        line(
            Company,
            SaveProfile {
                form: ProfileForm::default(),
            },
        ),
        line(Company, CompanyCandidates {}),
        line(
            Company,
            SavePlacement {
                id: None,
                form: PlacementForm::default(),
            },
        ),
        about(Company, LoadOwnPlacement { id: n.placement }),
        about(
            Company,
            SavePlacement {
                id: Some(n.placement),
                form: PlacementForm::default(),
            },
        ),
        about(
            Company,
            ChangePlacement {
                id: n.placement,
                version: 1,
                action: PlacementAction::Close,
            },
        ),
        about(
            Company,
            AnswerCandidate {
                id: n.interest,
                version: 2,
                answer: CandidateAnswer::Decline,
                meeting_times: String::new(),
                reason: "no-match".into(),
            },
        ),
        // Events and screens, by their company or the region's coordinator.
        line(Manager, ManagedEvents {}),
        line(Manager, LoadEditableEvent { id: None }),
        line(Manager, ManagedScreens {}),
        line(Manager, ScreenRegionIsChosen {}),
        about(Manager, LoadEditableEvent { id: Some(n.event) }),
        about(
            Manager,
            SaveEvent {
                id: Some(n.event),
                form: EventForm::default(),
            },
        ),
        about(
            Manager,
            ChangeEvent {
                id: n.event,
                version: 1,
                change: EventChange::Cancel,
                reason: "Ziek".into(),
            },
        ),
        about(Manager, EventSignUps { event_id: n.event }),
        about(
            Manager,
            RemoveSignUp {
                event_id: n.event,
                id: 1,
                reason: "Vol".into(),
            },
        ),
        about(Manager, LoadScreenSettings { id: n.screen }),
        about(
            Manager,
            SaveScreen {
                id: n.screen,
                form: ScreenForm::default(),
            },
        ),
        about(
            Manager,
            ChangeScreen {
                id: n.screen,
                version: 1,
                change: ScreenChange::Revoke,
            },
        ),
        about(
            Manager,
            PairScreen {
                id: Some(n.screen),
                form: ScreenForm::default(),
            },
        ),
        // Registering a student's interest for their school.
        line(Registrar, RegistrationChoices {}),
        line(
            Registrar,
            RegisterInterest {
                placement: String::new(),
                form: InterestForm::default(),
            },
        ),
    ]
}

#[test]
fn every_registered_function_says_who_it_is_for() {
    use std::collections::BTreeSet;
    let registered: BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    let listed: BTreeSet<&str> = lines(Named::default()).iter().map(|line| line.path).collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    let gone: Vec<_> = listed.difference(&registered).collect();
    assert!(
        missing.is_empty() && gone.is_empty(),
        "say who each new server function is for in server/tests/api/hardening/matrix.rs: \
         not listed {missing:?}; listed but not registered {gone:?}"
    );
    assert!(
        registered.len() > 60,
        "the registry holds every function: {}",
        registered.len()
    );
}

/// What the matrix's refused calls could have changed, beside `snapshot`.
async fn everything(db: &app::db::Db) -> String {
    let mut text = snapshot(db).await;
    for sql in [
        "SELECT CAST(COUNT(*) + COALESCE(SUM(version), 0) * 1000 AS BIGINT) FROM events",
        "SELECT CAST(COUNT(*) + COALESCE(SUM(version), 0) * 1000 AS BIGINT) FROM screens",
        "SELECT CAST(COUNT(*) + COALESCE(SUM(version), 0) * 1000 AS BIGINT) FROM interests",
        "SELECT COUNT(*) FROM event_sign_ups",
        "SELECT COUNT(*) FROM form_drafts",
    ] {
        text.push_str(&format!("{sql}: {}\n", count(db, sql).await));
    }
    text
}

db_test!(no_server_function_answers_a_caller_it_is_not_for, |db| {
    use For::*;

    let app = TestApp::spawn(db.clone()).await;
    let vonk = insert_company(&db, &crate::common::company("Vonk Metaal")).await;
    let staal = insert_company(&db, &crate::common::company("Staal Kempen")).await;
    account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    account(&db, "co@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)).await;
    account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
    account(&db, "piet@staal.example", Role::Company, Some(staal), None).await;
    crate::common::teacher(&db, "docent@pius.example", "Pius X College", Region::Kempen).await;
    let kempen = logged_in(&app, "co@kempen.example").await;
    let ijmond = logged_in(&app, "co@ijmond.example").await;
    let jan = logged_in(&app, "jan@vonk.example").await;
    let piet = logged_in(&app, "piet@staal.example").await;
    let docent = logged_in(&app, "docent@pius.example").await;
    let anonymous = browser();

    // Vonk's placement, event and lobby screen, and a student's interest in the placement.
    app.call_as(
        &jan,
        &api::own_placements::SavePlacement {
            id: None,
            form: crate::company::bbl_form("Lasser"),
        },
    )
    .await
    .expect("a placement");
    let placement = count(&db, "SELECT MAX(id) FROM placements").await;
    app.call_as(
        &jan,
        &api::events::SaveEvent {
            id: None,
            form: crate::events::open_day("Open dag"),
        },
    )
    .await
    .expect("an event");
    let event = count(&db, "SELECT MAX(id) FROM events").await;
    let (_, screen) = crate::screens::paired_tv(&app, &db, &jan).await;
    crate::interests::confirmed_interest(&app, &db, placement, "daan@mail.example", "Daan").await;
    let interest = count(&db, "SELECT MAX(id) FROM interests").await;
    let named = Named {
        company: vonk,
        placement,
        event,
        screen,
        interest,
    };

    let before = everything(&db).await;
    let mut tried = 0;
    for line in lines(named) {
        let refused = |status: u16, caller: &str| {
            assert!(
                matches!(status, 401 | 403 | 404 | 410),
                "{} for {:?} answered {caller} with {status}",
                line.path,
                line.who
            );
        };
        // Another site's page, with the session of someone it is for: refused at the door.
        let (status, _) = app
            .post_raw(&jan, line.path, &line.body, &[("origin", "https://evil.example")])
            .await;
        assert_eq!(status, 403, "{} from another site", line.path);
        let mut callers: Vec<(&str, &reqwest::Client, u16)> = Vec::new();
        match line.who {
            Anyone => {}
            // Only a paired TV has a screen to report for; a person's session finds none.
            Screen => callers.extend([
                ("anonymous", &anonymous, 404),
                ("a company user", &jan, 404),
                ("a coordinator", &kempen, 404),
            ]),
            LinkHolder => callers.push(("a made-up link", &anonymous, 0)),
            SignedIn => callers.push(("anonymous", &anonymous, 401)),
            Coordinator => callers.extend([
                ("anonymous", &anonymous, 401),
                ("a teacher", &docent, 403),
                ("a company user", &jan, 403),
            ]),
            Company => callers.extend([
                ("anonymous", &anonymous, 401),
                ("a teacher", &docent, 403),
                ("a coordinator", &kempen, 403),
            ]),
            Manager => callers.extend([("anonymous", &anonymous, 401), ("a teacher", &docent, 403)]),
            Registrar => callers.extend([("anonymous", &anonymous, 401), ("a company user", &jan, 403)]),
        }
        if line.named {
            match line.who {
                Company => callers.push(("another company", &piet, 0)),
                Coordinator => callers.push(("the other region's coordinator", &ijmond, 0)),
                Manager => callers.extend([
                    ("another company", &piet, 0),
                    ("the other region's coordinator", &ijmond, 0),
                ]),
                _ => {}
            }
        }
        for (caller, client, expected) in callers {
            let (status, text) = app.post_raw(client, line.path, &line.body, &[]).await;
            if expected == 0 {
                refused(status, caller);
            } else {
                assert_eq!(
                    status, expected,
                    "{} for {:?} answered {caller}: {text}",
                    line.path, line.who
                );
            }
            tried += 1;
        }
    }
    assert!(tried > 100, "{tried} refused calls");
    assert_eq!(everything(&db).await, before, "a refused call changed something");
    // The same arguments do reach the function for whom it is for: the matrix's refusals
    // are the callers', not the bodies'.
    let (status, text) = app
        .post_raw(
            &kempen,
            api::board::MoveInterest::PATH,
            &serde_qs::to_string(&api::board::MoveInterest {
                id: interest,
                version: 2,
                stage: "in-review".into(),
            })
            .expect("encode"),
            &[],
        )
        .await;
    assert!(status < 500 && status != 401 && status != 403, "{status} {text}");
    app.stop().await;
});
