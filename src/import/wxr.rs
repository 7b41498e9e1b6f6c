//! The streaming WXR reader: a quick-xml pull parser that keeps one `<item>` in memory at a
//! time, so a 500 MB export reads in bounded memory. It takes what real exports get wrong
//! instead of stopping (the bare `&` core writes in `comment_author_url`, control characters,
//! HTML entities outside CDATA, split CDATA sections) and reports each repair with its line.

use std::io::{self, BufRead};

use quick_xml::NsReader;
use quick_xml::events::Event;

use crate::import::fields::{Field, apply, predefined, prefix_of};
use crate::import::issue::Issue;
use crate::import::lines::Lines;
use crate::import::model::{Channel, Item};
use crate::import::report::Problem;

/// Why the file could not be read (what was read before the failure stays read).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not a WordPress export at all.
    #[error("this is not a WordPress export (WXR): {0}")]
    NotWxr(String),
    /// The file ends in the middle of the document.
    #[error("the file ends at line {line} in the middle of the export: it is truncated")]
    Truncated {
        /// The last line read.
        line: u64,
    },
    /// The XML is broken beyond repair at this line.
    #[error("the XML is broken at line {line}: {message}")]
    Broken {
        /// Where.
        line: u64,
        /// What the parser said.
        message: String,
    },
    /// The file could not be read.
    #[error("cannot read the file")]
    Io(#[from] io::Error),
}

/// The reader: [`WxrReader::open`] reads the channel, then [`WxrReader::next_item`] each item.
pub struct WxrReader<R: BufRead> {
    xml: NsReader<Lines<R>>,
    buf: Vec<u8>,
    path: Vec<Field>,
    text: String,
    /// The channel (complete once the first item starts).
    pub channel: Channel,
    item: Option<Item>,
    saw_root: bool,
    problems: Vec<Problem>,
}

enum Step {
    Continue,
    ItemStarted,
    ItemDone(Box<Item>),
    Eof,
}

impl<R: BufRead> WxrReader<R> {
    /// Reads up to the first item; refuses a file that is not a WXR export.
    pub fn open(source: R) -> Result<Self, ReadError> {
        let mut xml = NsReader::from_reader(Lines::new(source));
        xml.config_mut().allow_dangling_amp = true;
        let mut reader = Self {
            xml,
            buf: Vec::new(),
            path: Vec::new(),
            text: String::new(),
            channel: Channel::default(),
            item: None,
            saw_root: false,
            problems: Vec::new(),
        };
        loop {
            match reader.step() {
                Ok(Step::ItemStarted) => break,
                Ok(Step::Eof) => break,
                Ok(_) => {}
                Err(ReadError::Broken { message, .. }) if !reader.saw_root => {
                    return Err(ReadError::NotWxr(format!("no XML document ({message})")));
                }
                Err(error) => return Err(error),
            }
        }
        if !reader.saw_root {
            return Err(ReadError::NotWxr("no <rss> document in the file".into()));
        }
        if reader.channel.wxr_version.is_empty() {
            return Err(ReadError::NotWxr(
                "an RSS document without <wp:wxr_version> (export it from Tools → Export)".into(),
            ));
        }
        Ok(reader)
    }

    /// The next item, or `None` at the end of the export.
    pub fn next_item(&mut self) -> Result<Option<Item>, ReadError> {
        loop {
            match self.step()? {
                Step::ItemDone(item) => return Ok(Some(*item)),
                Step::Eof => return Ok(None),
                Step::Continue | Step::ItemStarted => {}
            }
        }
    }

    /// The repairs made since the last call.
    pub fn take_problems(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.problems)
    }

    fn line(&mut self) -> u64 {
        self.xml.get_mut().newlines + 1
    }

    fn step(&mut self) -> Result<Step, ReadError> {
        self.buf.clear();
        let event = self.xml.read_resolved_event_into(&mut self.buf);
        let (namespace, event) = match event {
            Ok((ns, event)) => (prefix_of(&ns), event.into_owned()),
            Err(error) => {
                let line = self.xml.get_mut().newlines + 1;
                // quick-xml's syntax errors all mean the input ended inside a construct.
                if self.saw_root && matches!(error, quick_xml::Error::Syntax(_)) {
                    return Err(ReadError::Truncated { line });
                }
                return Err(ReadError::Broken {
                    line,
                    message: error.to_string(),
                });
            }
        };
        match event {
            Event::Start(start) => {
                let local = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                if self.path.is_empty() {
                    if local != "rss" {
                        return Err(ReadError::NotWxr(format!(
                            "the document is <{local}>, not <rss>"
                        )));
                    }
                    self.saw_root = true;
                }
                let field = Field::of(&namespace, &local);
                self.text.clear();
                let line = self.line();
                let attributes: Vec<(String, String)> = start
                    .attributes()
                    .flatten()
                    .map(|a| {
                        (
                            String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned(),
                            String::from_utf8_lossy(&a.value).into_owned(),
                        )
                    })
                    .collect();
                let started = field.open(
                    &self.path,
                    &mut self.channel,
                    &mut self.item,
                    line,
                    &attributes,
                );
                self.path.push(field);
                if started {
                    return Ok(Step::ItemStarted);
                }
            }
            Event::End(_) => {
                let Some(field) = self.path.pop() else {
                    return Ok(Step::Continue);
                };
                let text = std::mem::take(&mut self.text);
                let line = self.line();
                let text = self.clean(text, line);
                if let Some(done) =
                    apply(field, &self.path, text, &mut self.channel, &mut self.item)
                {
                    return Ok(Step::ItemDone(Box::new(done)));
                }
            }
            Event::Empty(_) => {}
            Event::Text(text) => {
                let raw = String::from_utf8_lossy(&text.into_inner()).into_owned();
                if raw.starts_with('&') {
                    let line = self.line();
                    self.problems.push(Problem::new(line, Issue::BareAmpersand));
                }
                self.text.push_str(&raw);
            }
            Event::CData(data) => {
                self.text
                    .push_str(&String::from_utf8_lossy(&data.into_inner()));
            }
            Event::GeneralRef(reference) => {
                let name = String::from_utf8_lossy(&reference.clone().into_inner()).into_owned();
                match reference.resolve_char_ref() {
                    Ok(Some(c)) => self.text.push(c),
                    _ => match predefined(&name) {
                        Some(c) => self.text.push(c),
                        // An HTML entity (`&nbsp;`): kept for the HTML decoding that follows.
                        None => {
                            self.text.push('&');
                            self.text.push_str(&name);
                            self.text.push(';');
                        }
                    },
                }
            }
            Event::Eof => {
                if !self.path.is_empty() {
                    let line = self.line();
                    return Err(ReadError::Truncated { line });
                }
                return Ok(Step::Eof);
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
        Ok(Step::Continue)
    }

    /// Removes the control characters XML 1.0 forbids, reporting them.
    fn clean(&mut self, text: String, line: u64) -> String {
        if !text.chars().any(is_forbidden) {
            return text;
        }
        self.problems
            .push(Problem::new(line, Issue::ControlCharacters));
        text.chars().filter(|c| !is_forbidden(*c)).collect()
    }
}

fn is_forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r') && (c as u32) < 0x20
}
