DROP TABLE email_texts;
