//! A caller of the crate generated from `tests/evolution/base.yaml`, written the way the
//! README shows: values built with `new` and `with_` setters, enums and unions matched with
//! a `_` arm, every field read with its type spelled out, every operation called. The
//! evolution test compiles this file, unchanged, against the crate generated from each
//! row's changed description: it must compile exactly when `codegen diff` says the change
//! is not breaking, and then its tests must pass too (the same calls mean the same).

use api::types::{Attachment, Board, FileAttachment, LinkAttachment, Note, NoteEgg, NoteKind};
use api::{Client, ClientError, GetBoardRequest, PostBoardNotesRequest};

/// Every request value this caller sends, built with constructors and setters.
pub fn note_request() -> PostBoardNotesRequest {
    let egg = NoteEgg::new("Order more pallets")
        .with_title("Warehouse")
        .with_attachments([
            Attachment::from(FileAttachment::new("file-1")),
            LinkAttachment::new("https://example.test/pallets").into(),
        ]);
    PostBoardNotesRequest::new(7, "yellow", egg).with_notify(true)
}

/// Reads every field of a note, with the types this caller relies on.
pub fn describe(note: &Note) -> String {
    let id: &String = &note.id;
    let text: &String = &note.text;
    let votes: Option<i32> = note.votes;
    let kind = match &note.kind {
        NoteKind::Idea => "idea",
        NoteKind::Task => "task",
        // Values a later schema lists, and values no schema lists.
        _ => "other",
    };
    let mut attachments = Vec::new();
    for attachment in &note.attachments {
        attachments.push(match attachment {
            Attachment::File(file) => {
                let file_id: &String = &file.file_id;
                format!("file {file_id}")
            }
            Attachment::Link(link) => {
                let url: &String = &link.url;
                format!("link {url}")
            }
            _ => format!("other {}", attachment.tag().unwrap_or("?")),
        });
    }
    format!("{id} {text} {kind} {votes:?} [{}]", attachments.join(", "))
}

pub fn describe_board(board: &Board) -> String {
    let id: i64 = board.id;
    let name: &String = &board.name;
    let notes: Option<&Vec<Note>> = board.notes.as_ref();
    format!("{id} {name} {}", notes.map_or(0, Vec::len))
}

/// A note as a test double would build one.
pub fn sample_note() -> Note {
    Note::new("n-1", "Order more pallets", NoteKind::Task)
        .with_votes(3)
        .with_attachments([Attachment::from(FileAttachment::new("file-1"))])
}

/// Calls every operation.
pub async fn run(client: &Client) -> Result<String, String> {
    let created = client
        .post_board_notes(&note_request())
        .await
        .map_err(|e: ClientError<api::types::Error>| api::error_chain(&e))?;
    let status: http::StatusCode = created.status;
    let board = client
        .get_board(&GetBoardRequest::new(7))
        .await
        .map_err(|e| api::error_chain(&e))?;
    Ok(format!(
        "{} {} {}",
        status.as_u16(),
        describe(&created.body),
        describe_board(&board.body)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_is_sent_as_before() {
        let request = note_request();
        assert_eq!(
            serde_json::to_value(&request.body).unwrap(),
            serde_json::json!({
                "text": "Order more pallets",
                "title": "Warehouse",
                "attachments": [
                    {"type": "FILE", "fileId": "file-1"},
                    {"type": "LINK", "url": "https://example.test/pallets"}
                ]
            })
        );
        let http = api::sans_io::post_board_notes_request(
            "https://api.example.test",
            &api::Credentials::bearer("t"),
            &request,
        )
            .unwrap();
        assert_eq!(
            http.uri().to_string(),
            "https://api.example.test/boards/7/notes?notify=true&color=yellow"
        );
    }

    #[test]
    fn a_response_reads_as_before() {
        let json = r#"{"id":"n-1","text":"Order more pallets","kind":"TASK","votes":3,
            "attachments":[{"type":"FILE","fileId":"file-1"},{"type":"POLL","question":"?"}]}"#;
        let note: Note = serde_json::from_str(json).unwrap();
        assert_eq!(
            describe(&note),
            "n-1 Order more pallets task Some(3) [file file-1, other POLL]"
        );
        assert_eq!(
            describe(&sample_note()),
            "n-1 Order more pallets task Some(3) [file file-1]"
        );
    }
}
